package io.l7mp.mcw.gateway.adapter.grpc;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import io.l7mp.mcw.api.grpc.gateway.v1.ActiveTunnel;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdmin;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsResponse;
import io.l7mp.mcw.api.grpc.gateway.v1.ListListenersRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListListenersResponse;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRefusedRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRefusedResponse;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRoutesRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRoutesResponse;
import io.l7mp.mcw.api.grpc.gateway.v1.Listener;
import io.l7mp.mcw.api.grpc.gateway.v1.Match;
import io.l7mp.mcw.api.grpc.gateway.v1.RefusedObject;
import io.l7mp.mcw.api.grpc.gateway.v1.Route;
import io.l7mp.mcw.api.grpc.gateway.v1.Rule;
import io.l7mp.mcw.api.grpc.gateway.v1.TunnelSwitchRecord;
import io.l7mp.mcw.api.grpc.gateway.v1.Upstream;
import io.l7mp.mcw.api.grpc.gateway.v1.WeightedDestination;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.gateway.app.GatewayReconciler;
import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.app.TunnelSwitches;
import io.l7mp.mcw.gateway.domain.DestinationCluster;
import io.l7mp.mcw.gateway.domain.EgressListener;
import io.l7mp.mcw.gateway.domain.HostRules;
import io.l7mp.mcw.gateway.domain.HttpMatch;
import io.l7mp.mcw.gateway.domain.HttpRule;
import io.l7mp.mcw.gateway.domain.IngressListener;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.PathMatch;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.l7mp.mcw.gateway.domain.TunnelChoice;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * The admin API (DESIGN D4), read from the route table in force and the listeners actually open. Read-only; each
 * call reads one snapshot.
 */
@GrpcService
public class GatewayAdminGrpcService implements GatewayAdmin {
    @Inject
    RouteTableHolder holder;

    @Inject
    ListenerManager listeners;

    @Inject
    GatewayReconciler reconciler;

    @Inject
    TunnelSwitches switches;

    @Override
    public Uni<ListListenersResponse> listListeners(ListListenersRequest request) {
        RouteTable table = holder.current();
        ListListenersResponse.Builder response = ListListenersResponse.newBuilder().setTableVersion(holder.version());
        for (ListenerManager.OpenListener open : listeners.open()) {
            Listener.Builder listener = Listener.newBuilder().setPort(open.port()).setProtocol(open.protocol());
            if ("ingress".equals(open.direction())) {
                listener.setDirection(Listener.Direction.INGRESS);
                table.ingressListener(open.port()).ifPresent(l -> ingress(listener, l));
            } else {
                listener.setDirection(Listener.Direction.EGRESS);
                table.egressListener(open.port()).ifPresent(l -> egress(listener, l));
            }
            response.addListeners(listener);
        }
        if (listeners.hostRoutingPort() > 0) {
            response.addListeners(Listener.newBuilder().setDirection(Listener.Direction.EGRESS)
                    .setPort(listeners.hostRoutingPort()).setProtocol("http"));
        }
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ListRoutesResponse> listRoutes(ListRoutesRequest request) {
        RouteTable table = holder.current();
        ListRoutesResponse.Builder response = ListRoutesResponse.newBuilder().setTableVersion(holder.version());
        table.destinations().forEach((service, clusters) -> {
            if (request.getService().isEmpty() || request.getService().equals(service.toString())) {
                response.addRoutes(route(table, service, clusters));
            }
        });
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ListActiveTunnelsResponse> listActiveTunnels(ListActiveTunnelsRequest request) {
        ListActiveTunnelsResponse.Builder response = ListActiveTunnelsResponse.newBuilder();
        Map<PathKey, PathHealth> paths = reconciler.paths();
        holder.current().destinations().forEach((service, clusters) -> clusters.forEach(c -> {
            TunnelChoice choice = c.tunnels();
            PathHealth health = paths.getOrDefault(choice.activePath(), PathHealth.unknown(choice.activePath()));
            ActiveTunnel.Builder tunnel = ActiveTunnel.newBuilder().setService(service.toString())
                    .setPolicy(c.policy()).setCluster(c.cluster()).setTunnel(c.tunnel()).setTunnelPort(c.tunnelPort())
                    .setReason(choice.reason()).setPreferredTunnel(choice.preferredTunnel())
                    .setKind(choice.kind().name()).setRttMs(health.figures().rttMs())
                    .setJitterMs(health.figures().jitterMs()).setLossPercent(health.figures().lossPercent())
                    .setState(health.state().name()).setReconsiderAt(choice.reconsider().map(Object::toString)
                            .orElse(""));
            choice.fallbacks().forEach(f -> tunnel.addFallbackTunnels(f.toString()));
            if (choice.slaSatisfied() != null) {
                tunnel.setSlaSatisfied(choice.slaSatisfied());
            }
            switches.lastSwitch(c.cluster(), c.policy()).ifPresent(last -> tunnel.setLastSwitch(TunnelSwitchRecord
                    .newBuilder().setFromTunnel(last.tunnelSwitch().fromTunnel())
                    .setToTunnel(last.tunnelSwitch().toTunnel()).setReason(last.tunnelSwitch().reason())
                    .setTime(last.time().toString())));
            response.addTunnels(tunnel);
        }));
        return Uni.createFrom().item(response.build());
    }

    @Override
    public Uni<ListRefusedResponse> listRefused(ListRefusedRequest request) {
        ListRefusedResponse.Builder response = ListRefusedResponse.newBuilder();
        holder.current().refused().forEach(r -> response.addObjects(RefusedObject.newBuilder()
                .setKind(r.object().kind().kind()).setNamespace(r.object().namespace()).setName(r.object().name())
                .setReason(r.reason())));
        return Uni.createFrom().item(response.build());
    }

    private static void ingress(Listener.Builder listener, IngressListener ingress) {
        listener.setPolicy(ingress.policy()).setTunnel(ingress.tunnel());
    }

    private static void egress(Listener.Builder listener, EgressListener egress) {
        listener.setService(egress.service().toString()).setServicePort(egress.servicePort());
    }

    private static Route route(RouteTable table, ServiceKey service, List<DestinationCluster> clusters) {
        Route.Builder route = Route.newBuilder().setService(service.toString()).addHosts(service.clustersetHost());
        Optional.ofNullable(table.l7Rules().get(service)).map(HostRules::allRules)
                .ifPresent(rules -> rules.forEach(r -> route.addRules(rule(r))));
        clusters.forEach(c -> route.addUpstreams(Upstream.newBuilder().setCluster(c.cluster())
                .setAddress(c.ingressAddress()).setTunnelPort(c.tunnelPort()).setPolicy(c.policy())
                .setTunnel(c.tunnel()).setDscp(c.dscp() == null ? 0 : c.dscp())
                .setReadyEndpoints(c.readyEndpoints())));
        return route.build();
    }

    private static Rule rule(HttpRule rule) {
        Rule.Builder builder = Rule.newBuilder().setSource(rule.source().toString());
        rule.matches().forEach(m -> builder.addMatches(match(m)));
        rule.destinations().forEach(d -> builder.addDestinations(WeightedDestination.newBuilder()
                .setService(d.service().toString()).setPort(d.port() == null ? 0 : d.port()).setWeight(d.weight())));
        return builder.build();
    }

    private static Match match(HttpMatch match) {
        Match.Builder builder = Match.newBuilder();
        if (match.method() != null) {
            builder.setMethod(match.method());
        }
        PathMatch path = match.path();
        if (path instanceof PathMatch.Exact e) {
            builder.setPathType("exact").setPath(e.value());
        } else if (path instanceof PathMatch.Prefix p) {
            builder.setPathType("prefix").setPath(p.value());
        } else if (path instanceof PathMatch.SegmentPrefix s) {
            builder.setPathType("PathPrefix").setPath(s.value());
        } else if (path instanceof PathMatch.Regex r) {
            builder.setPathType("regex").setPath(r.regex());
        }
        match.headers().forEach(h -> builder.putHeaders(h.name(), String.valueOf(h.match())));
        match.queryParams().forEach(q -> builder.putQuery(q.name(), String.valueOf(q.match())));
        return builder.build();
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Exchange;
import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.EgressDecision;
import io.l7mp.mcw.gateway.domain.HeaderFields;
import io.l7mp.mcw.gateway.domain.HttpRequestView;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * An egress HTTP listener: either the listener of one imported service port ({@code listenerPort}) or the
 * Host-routing listener ({@code listenerPort} null). Routes each request to a remote ingress gateway as
 * {@link RouteTable#egressHttp} decides, with the destination's clusterset name as authority.
 */
final class EgressHttpHandler implements Handler<HttpServerRequest>, Http1Relay.Router, Http2Relay.Router {
    private static final Logger LOGGER = Logger.getLogger(EgressHttpHandler.class);
    private static final String HTTP_1_1 = "1.1";

    private final Integer listenerPort;
    private final DataPlaneContext context;

    EgressHttpHandler(Integer listenerPort, DataPlaneContext context) {
        this.listenerPort = listenerPort;
        this.context = context;
    }

    @Override
    public void handle(HttpServerRequest request) {
        long started = System.nanoTime();
        context.metrics().requestReceived(TrafficMetrics.EGRESS, request.version());
        String method = request.method().name();
        HopSpan span = context.tracer().egress(method, request.getHeader(HopTracer.TRACEPARENT));
        RouteTable table = context.table();
        Map<String, List<String>> fields = HttpMessages.forwardable(request.headers());
        String authority = IngressHandler.authority(request);
        HttpRequestView view = new HttpRequestView(method, request.path(), request.query(),
                name -> fields.getOrDefault(name, List.of()), authority);
        EgressDecision decision = decide(table, authority, view);
        if (decision instanceof EgressDecision.Route route) {
            forward(request, route, fields, table, started, span);
            return;
        }
        String version = HttpMessages.protocolVersion(request.version());
        if (decision instanceof EgressDecision.Redirect redirect) {
            String answer = "redirected to " + redirect.location();
            answered(table, view, redirect.status(), "redirect to " + redirect.location(), started, span);
            ended(span, method, request.uri(), authority, version, redirect.status(), answer);
            request.response().putHeader("location", redirect.location());
            HttpMessages.answer(request.response(), redirect.status(), answer);
            return;
        }
        EgressDecision.Refusal refusal = (EgressDecision.Refusal) decision;
        answered(table, view, refusal.status(), refusal.reason(), started, span);
        ended(span, method, request.uri(), authority, version, refusal.status(), refusal.reason());
        HttpMessages.answer(request.response(), refusal.status(), refusal.reason());
    }

    /** The same decision for a request the HTTP/1.1 relay read. */
    @Override
    public Http1Relay.Route route(Http1Head head, String path, String query, SocketAddress client, long started) {
        return relayed(head.method, head.target, path, query, head.forwardedFields(), head.host,
                head.get(HopTracer.TRACEPARENT), HttpVersion.HTTP_1_1, started);
    }

    /** The same decision for a stream the HTTP/2 relay read. */
    @Override
    public Http1Relay.Route route(Http2Relay.Request request, SocketAddress client, long started) {
        return relayed(request.method(), request.target(), request.path(), request.query(), request.fields(),
                request.authority(), request.first(HopTracer.TRACEPARENT), HttpVersion.HTTP_2, started);
    }

    private Http1Relay.Route relayed(String method, String target, String path, String query, HeaderFields fields,
            String host, String traceparent, HttpVersion version, long started) {
        context.metrics().requestReceived(TrafficMetrics.EGRESS, version);
        context.metrics().relayed(TrafficMetrics.EGRESS);
        String versionTag = HttpMessages.protocolVersion(version);
        HopSpan span = context.tracer().egress(method, traceparent);
        RouteTable table = context.table();
        HttpRequestView view = new HttpRequestView(method, path, query, fields, host);
        EgressDecision decision = decide(table, host, view);
        if (decision instanceof EgressDecision.Redirect redirect) {
            String answer = "redirected to " + redirect.location();
            answered(table, view, redirect.status(), "redirect to " + redirect.location(), started, span);
            ended(span, method, target, host, versionTag, redirect.status(), answer);
            return new Http1Relay.Route.Refuse(redirect.status(), answer, redirect.location());
        }
        if (!(decision instanceof EgressDecision.Route route)) {
            EgressDecision.Refusal refusal = (EgressDecision.Refusal) decision;
            answered(table, view, refusal.status(), refusal.reason(), started, span);
            ended(span, method, target, host, versionTag, refusal.status(), refusal.reason());
            return new Http1Relay.Route.Refuse(refusal.status(), refusal.reason());
        }
        String cluster = table.cluster();
        List<Upstream> candidates = route.candidates();
        String authority = authority(route);
        span.egress(table, route.destination(), candidates);
        if (span.recording()) {
            SpanAttributes.egressRequest(span, method, target, authority, versionTag);
        }
        return new Http1Relay.Route.Forward(targets(candidates), authority, route.requestHeaders(),
                (status, index, requestBytes, responseBytes) -> context.metrics().request(
                        flow(cluster, route, candidates.get(index)), status, context.since(started),
                        requestBytes + responseBytes),
                span);
    }

    /** Ends the span of a request the gateway answered itself (a refusal, a redirect, a broken rule's 500). */
    private static void ended(HopSpan span, String method, String target, String authority, String version,
            int status, String answer) {
        if (span.recording()) {
            SpanAttributes.egressRequest(span, method, target, authority, version);
        }
        span.end(status, 0, answer, null);
    }

    private EgressDecision decide(RouteTable table, String authority, HttpRequestView view) {
        double random = ThreadLocalRandom.current().nextDouble();
        return listenerPort != null ? table.egressHttp(listenerPort, view, random)
                : table.egressHttp(authority, view, random);
    }

    /** Logs and counts a request the gateway answers itself (a refusal, a redirect, a broken rule's 500). */
    private void answered(RouteTable table, HttpRequestView view, int status, String reason, long started,
            HopSpan span) {
        span.log(LOGGER, Logger.Level.DEBUG, "egress answered %s status=%d reason=%s", view.describe(), status, reason);
        context.metrics().request(new Flow(TrafficMetrics.EGRESS, table.cluster(), "", null, "", 0), status,
                context.since(started), 0);
    }

    /** Host sent to the peer's ingress, which routes by it; the port is left out where HTTP implies it. */
    private static String authority(EgressDecision.Route route) {
        String host = route.destination().clustersetHost();
        return route.port() == 80 ? host : host + ":" + route.port();
    }

    private static List<Target> targets(List<Upstream> candidates) {
        List<Target> targets = new ArrayList<>(candidates.size());
        for (Upstream c : candidates) {
            targets.add(new Target(c.ingressHost(), c.tunnelPort(), c.dscp(), c.path()));
        }
        return targets;
    }

    private void forward(HttpServerRequest request, EgressDecision.Route route, Map<String, List<String>> fields,
            RouteTable table, long started, HopSpan span) {
        String cluster = table.cluster();
        List<Upstream> candidates = route.candidates();
        List<Target> targets = targets(candidates);
        Upstream first = candidates.get(0);
        Flow firstFlow = flow(cluster, route, first);
        boolean upgrade = UpgradeRelay.isUpgrade(request);
        boolean http2 = HttpMessages.isHttp2(request);
        // an HTTP/1.1 request is carried as an HTTP/2 stream to the peer with h2c tunnels; an upgrade never is
        boolean h2cTunnel = !http2 && !upgrade && context.config().tunnelProtocol() == GatewayConfig.TunnelProtocol.H2C;
        span.egress(table, route.destination(), candidates);
        if (span.recording()) {
            SpanAttributes.egressRequest(span, request.method().name(), request.uri(), authority(route),
                    http2 || h2cTunnel ? "2" : HTTP_1_1);
        }
        if (!context.admit(request, firstFlow, started, span)) {
            return;
        }
        Map<String, List<String>> headers = route.requestHeaders().apply(fields);
        headers.remove(HttpMessages.CLIENT_PROTOCOL_HEADER);
        if (span.traceparent() != null) {
            headers.put(HopTracer.TRACEPARENT, List.of(span.traceparent()));
        }
        if (upgrade) {
            // a WebSocket (or other upgrade) crosses as HTTP/1.1 whatever the tunnel protocol
            UpgradeRelay.relay(context, new UpgradeRelay.Upgrade(request, targets,
                    route.destination().clustersetHost(), route.port(), headers,
                    index -> flow(cluster, route, candidates.get(index)), started, span));
            return;
        }
        if (h2cTunnel) {
            // the peer goes on in the client's HTTP/1.1
            http2 = true;
            headers.put(HttpMessages.CLIENT_PROTOCOL_HEADER, List.of(HttpMessages.HTTP_1_1));
        }
        context.forwarder().forward(new Exchange(request, targets, route.destination().clustersetHost(), route.port(),
                headers, http2,
                (status, index, requestBytes, responseBytes) -> context.metrics().request(
                        flow(cluster, route, candidates.get(index)), status, context.since(started),
                        requestBytes + responseBytes),
                span));
    }

    private static Flow flow(String cluster, EgressDecision.Route route, Upstream upstream) {
        return new Flow(TrafficMetrics.EGRESS, cluster, upstream.cluster(), route.destination(),
                upstream.policy(), upstream.tunnelPort());
    }
}

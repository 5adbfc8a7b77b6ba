package io.l7mp.mcw.gateway.domain;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The ingress decision. A service is reachable on every ingress listener, not only on its own policy's port: when a
 * tunnel fails, the egress side moves its flows to another tunnel, hence another port (DESIGN D5).
 */
final class IngressRouting {
    private IngressRouting() {
    }

    static IngressDecision decide(RouteTable table, int listenerPort, String authority) {
        if (!table.ingressListeners().containsKey(listenerPort)) {
            return new IngressDecision.NotFound("cluster " + table.cluster() + " has no ingress listener on port "
                    + listenerPort + " (listeners: " + table.ingressPorts() + ")");
        }
        Optional<Authority> parsed = Authority.parse(authority);
        if (parsed.isEmpty()) {
            return new IngressDecision.NotFound("'" + authority + "' does not name a service: expected "
                    + "<svc>.<ns>.svc.clusterset.local[:port]");
        }
        ServiceKey service = parsed.get().service();
        ExportedService exported = table.exportedServices().get(service);
        if (exported == null) {
            if (table.knownServices().contains(service)) {
                return new IngressDecision.Forbidden(service + " is not exported by cluster " + table.cluster()
                        + ": only exported services are reachable through its ingress gateway");
            }
            return new IngressDecision.NotFound("cluster " + table.cluster() + " has no service " + service);
        }
        return forward(table, exported, parsed.get().port());
    }

    private static IngressDecision forward(RouteTable table, ExportedService exported, Integer port) {
        Optional<ExportedPort> target = port == null ? exported.defaultPort() : exported.port(port);
        if (target.isEmpty()) {
            String ports = exported.ports().stream().map(p -> String.valueOf(p.port()))
                    .collect(Collectors.joining(", "));
            return new IngressDecision.NotFound(port == null
                    ? exported.service() + " has several ports (" + ports + "): name one in the authority"
                    : exported.service() + " has no port " + port + " (ports: " + ports + ")");
        }
        if (target.get().backends().isEmpty()) {
            return new IngressDecision.Unavailable("no ready endpoints: " + exported.service() + " port "
                    + target.get().port() + " has none in cluster " + table.cluster());
        }
        return new IngressDecision.Forward(exported.service(), target.get().port(), target.get().backends());
    }
}

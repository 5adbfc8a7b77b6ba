package io.l7mp.mcw.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * The inputs of one gateway in a clusterset of {@code clusters} clusters that each export the same {@code services}
 * services (the shape of issue 14: every service runs in every cluster), as the route table sees them in cluster
 * {@code c000}:
 * <ul>
 * <li>two accepted policies per cluster: {@code gold} on tunnel {@code business} (failover to {@code internet}) and
 * {@code bronze} on {@code internet};</li>
 * <li>every cluster exports every service (port 8080, every fourth one 9090 too), even services over {@code gold},
 * odd ones over {@code bronze}; the older the cluster's number, the older its export;</li>
 * <li>this cluster imports every service (an egress port per service port) and has its Services with 3 ready
 * endpoints per port;</li>
 * <li>every tenth service has a VirtualService sending {@code GET /api} to itself and the rest to the next
 * service;</li>
 * <li>every path of this cluster is up.</li>
 * </ul>
 */
final class FleetInputs {
    static final String SELF = cluster(0);
    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final int EGRESS_BASE = 20000;
    private static final int NAMESPACES = 20;

    private FleetInputs() {
    }

    static GatewayInputs of(int clusters, int services) {
        List<ExportEvent> exports = new ArrayList<>(clusters * services);
        List<PolicyEvent> policies = new ArrayList<>();
        List<PathHealth> paths = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            policies.add(gold(cluster(c)));
            policies.add(bronze(cluster(c)));
            for (int s = 0; s < services; s++) {
                exports.add(export(c, s, 3));
            }
            if (c > 0) {
                paths.add(up(cluster(c), "business"));
                paths.add(up(cluster(c), "internet"));
            }
        }
        List<ImportedService> imports = new ArrayList<>(services);
        List<LocalService> local = new ArrayList<>(services);
        List<L7Object> l7 = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            imports.add(imported(s));
            local.add(localService(s));
            if (s % 10 == 0 && s + 1 < services) {
                l7.add(virtualService(s));
            }
        }
        return new GatewayInputs(SELF, exports, imports, policies, local, l7,
                new TunnelInputs(paths, Map.of(), T0.plus(Duration.ofHours(1))));
    }

    static String cluster(int c) {
        return String.format(Locale.ROOT, "c%03d", c);
    }

    static ServiceKey service(int s) {
        return new ServiceKey("ns-" + s % NAMESPACES, "svc-" + s);
    }

    static PolicyEvent gold(String cluster) {
        return new PolicyEvent(cluster, "gold", "business", 31111, null, null, List.of("internet"), null, 1);
    }

    static PolicyEvent bronze(String cluster) {
        return new PolicyEvent(cluster, "bronze", "internet", 31112, null, null, List.of(), null, 1);
    }

    static ExportEvent export(int c, int s, int ready) {
        ServiceKey key = service(s);
        ExportedPolicy policy = s % 2 == 0 ? new ExportedPolicy("gold", "business", 31111, null, null)
                : new ExportedPolicy("bronze", "internet", 31112, null, null);
        return new ExportEvent(cluster(c), key.namespace(), key.name(), null, null, exportPorts(s), policy,
                "10." + c / 256 + "." + c % 256 + ".1", ready, T0.plusSeconds(c));
    }

    static List<ExportPort> exportPorts(int s) {
        return s % 4 == 0 ? List.of(new ExportPort("http", "TCP", null, 8080), new ExportPort("grpc", "TCP", null, 9090))
                : List.of(new ExportPort("http", "TCP", null, 8080));
    }

    static ImportedService imported(int s) {
        ServiceKey key = service(s);
        List<ImportedPort> ports = new ArrayList<>();
        ports.add(new ImportedPort("http", "TCP", 8080, EGRESS_BASE + 2 * s));
        if (s % 4 == 0) {
            ports.add(new ImportedPort("grpc", "TCP", 9090, EGRESS_BASE + 2 * s + 1));
        }
        return new ImportedService(key.namespace(), key.name(), ports);
    }

    static LocalService localService(int s) {
        ServiceKey key = service(s);
        List<LocalPort> ports = new ArrayList<>();
        for (ExportPort p : exportPorts(s)) {
            ports.add(new LocalPort(p.name(), "TCP", p.port(), List.of(new Endpoint("10.244.0." + s % 250, p.port()),
                    new Endpoint("10.244.1." + s % 250, p.port()), new Endpoint("10.244.2." + s % 250, p.port()))));
        }
        return new LocalService(key.namespace(), key.name(), "10.96." + s / 250 + "." + s % 250, ports);
    }

    /** {@code GET /api...} to the service itself, everything else to the next one. */
    static L7Object virtualService(int s) {
        ServiceKey host = service(s);
        Map<String, Object> spec = Map.of("hosts", List.of(host.clustersetHost()), "http",
                List.of(Map.of("match", List.of(Map.of("uri", Map.of("prefix", "/api"), "method", Map.of("exact", "GET"))),
                        "route", List.of(destination(host, 8080))),
                        Map.of("route", List.of(destination(service(s + 1), 8080)))));
        return new L7Object(L7Kind.VIRTUAL_SERVICE, host.namespace(), host.name() + "-routes", T0, spec);
    }

    private static Map<String, Object> destination(ServiceKey service, int port) {
        return Map.of("destination", Map.of("host", service.clustersetHost(), "port", Map.of("number", port)));
    }

    static PathHealth up(String cluster, String tunnel) {
        return new PathHealth(new PathKey(cluster, tunnel), TunnelState.UP, "probes", null, List.of(), T0, Map.of());
    }
}

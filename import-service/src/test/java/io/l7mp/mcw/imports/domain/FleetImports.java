package io.l7mp.mcw.imports.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * The planner input of one cluster in a fleet of {@code clusters} clusters that export {@code services} services
 * each, in a steady state: every namespace exists, every import holds the egress ports an earlier pass gave it,
 * every derived Service has its clusterIP, and the imports topic holds exactly the events the plan would publish.
 */
final class FleetImports {
    /** The widest range the egress gateway can have: shape DISTINCT at 100 x 1,000 still does not fit. */
    static final PortRange WIDEST = new PortRange(1024, 65535);
    static final int NAMESPACES = 50;
    private static final String POLICY = "gold";
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    /** How the clusters' service names relate. */
    enum Shape {
        /** Every cluster exports the same names: one import per name, merged from every cluster. */
        SHARED,
        /** Every cluster exports names of its own: one import per cluster and name. */
        DISTINCT
    }

    private FleetImports() {
    }

    /** A steady-state input of cluster-0 (itself one of the exporters). */
    static PlannerInput steady(int clusters, int services, Shape shape) {
        ImportConfig config = new ImportConfig("cluster-0", new EgressSource.StaticAddress("10.0.2.1"), WIDEST);
        List<ExportEvent> exports = new ArrayList<>();
        for (int c = 0; c < clusters; c++) {
            for (int s = 0; s < services; s++) {
                exports.add(export(c, shape == Shape.SHARED ? "svc-" + s : "c" + c + "-svc-" + s, s, 0));
            }
        }
        Set<String> namespaces = new HashSet<>();
        for (int n = 0; n < NAMESPACES; n++) {
            namespaces.add(namespace(n));
        }
        PlannerInput cold = new PlannerInput(config, exports, namespaces, Map.of(), Map.of(), Set.of(), Map.of(),
                List.of(), wan(clusters));
        return settle(cold);
    }

    /**
     * What the input looks like once the plan of {@code cold} was applied: its egress ports recorded, a clusterIP per
     * derived Service, its events on the topic.
     */
    static PlannerInput settle(PlannerInput cold) {
        ImportPlan first = ImportPlanner.plan(cold);
        Map<ServiceRef, List<EgressPort>> allocations = new HashMap<>();
        first.imports().forEach(i -> allocations.put(new ServiceRef(i.namespace(), i.name()), i.egressPorts()));
        Map<ServiceRef, String> ips = new HashMap<>();
        int n = 0;
        for (DesiredService s : first.services()) {
            n++;
            ips.put(new ServiceRef(s.namespace(), s.name()), "10." + (96 + n / 65536) + "." + (n / 256 % 256) + "."
                    + (n % 256));
        }
        PlannerInput allocated = new PlannerInput(cold.config(), cold.exports(), cold.namespaces(), allocations, ips,
                cold.foreign(), Map.of(), cold.egressPods(), cold.wan(), cold.pinned());
        Map<String, ImportEvent> published = new HashMap<>();
        ImportPlanner.plan(allocated).publish().forEach(e -> published.put(e.key(), e));
        return new PlannerInput(cold.config(), cold.exports(), cold.namespaces(), allocations, ips, cold.foreign(),
                published, cold.egressPods(), cold.wan(), cold.pinned());
    }

    /** Export number {@code s} of a fleet, as cluster {@code c} publishes it; {@code generation} varies its ports. */
    static ExportEvent export(int c, String name, int s, int generation) {
        List<ExportPort> ports = s % 4 == 0
                ? List.of(new ExportPort("http", "TCP", null, 8080 + generation),
                        new ExportPort("metrics", "TCP", null, 9090))
                : List.of(new ExportPort("http", "TCP", null, 8080 + generation));
        return new ExportEvent("cluster-" + c, namespace(s % NAMESPACES), name, "ClusterSetIP", "None", ports,
                new ExportedPolicy(POLICY, "internet", 31000, null, null), "10.1." + c / 256 + "." + c % 256, 3,
                EPOCH.plusSeconds(c));
    }

    static String namespace(int n) {
        return "ns-" + n;
    }

    /** Every tunnel to every other cluster measured and in use, meeting the SLA. */
    private static WanReports wan(int clusters) {
        List<TunnelReading> readings = new ArrayList<>();
        List<ActiveTunnel> active = new ArrayList<>();
        for (int c = 1; c < clusters; c++) {
            String destination = "cluster-" + c;
            readings.add(new TunnelReading(destination, "internet", TunnelState.UP, "probes answered", 12.0, 1.0, 0.0,
                    List.of(new SlaVerdict(POLICY, true, List.of()))));
            active.add(new ActiveTunnel(destination, POLICY, "internet", "internet", 31000, true, "preferred"));
        }
        return new WanReports(readings, active, true);
    }
}

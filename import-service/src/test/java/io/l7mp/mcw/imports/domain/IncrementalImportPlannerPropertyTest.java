package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.mcs.StaticIngress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The incremental planner agrees with the full one (issue 14): after every step of a random sequence of changes to
 * the planner's inputs, {@link IncrementalImportPlanner#plan} equals {@link ImportPlanner#plan} of the same input.
 * The universe is small on purpose (4 clusters, 9 services, a few egress ports), so that conflicts, port collisions,
 * exhausted ranges, foreign objects and static imports happen often. Seeded: the same sequences run every time.
 */
class IncrementalImportPlannerPropertyTest {
    private static final String CLUSTER = "c0";
    private static final List<String> CLUSTERS = List.of(CLUSTER, "c1", "c2", "c3");
    private static final List<String> NAMESPACES = List.of("ns-a", "ns-b", "ns-c", "ns-d");
    private static final List<String> NAMES = List.of("web", "api", "db");
    private static final int PORT_START = 40000;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final EgressSource PODS = new EgressSource.GatewayPods("mcw-system",
            LabelSelector.parse("app=egress"));
    private static final List<ExportPort> PORTS = List.of(new ExportPort("http", "TCP", null, 80),
            new ExportPort("http", "TCP", "kubernetes.io/h2c", 80), new ExportPort("grpc", "TCP", null, 9000),
            new ExportPort(null, "TCP", null, 8080));

    /** One change; its numbers pick what changes and how (see {@link Fleet#apply}). */
    record Step(int kind, int a, int b, int c) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 1 << 20);
        return Combinators.combine(Arbitraries.integers().between(0, 18), any, any, any).as(Step::new).list()
                .ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300, seed = "14")
    void incrementalPlanEqualsFullPlanAfterEveryChange(@ForAll("steps") List<Step> steps,
            @ForAll @IntRange(min = 1, max = 10) int rangeSize) {
        // Given
        Fleet fleet = new Fleet(rangeSize);
        IncrementalImportPlanner incremental = new IncrementalImportPlanner();

        for (int i = 0; i < steps.size(); i++) {
            // When
            fleet.apply(steps.get(i));
            PlannerInput input = fleet.input();

            // Then
            assertThat(incremental.plan(input)).as("plan after step %d %s", i, steps.get(i))
                    .isEqualTo(ImportPlanner.plan(input));
        }
    }

    /** The inputs of cluster c0, changed one step at a time, as the reconciler's views would change. */
    private static final class Fleet {
        private ImportConfig config;
        private final Map<String, ExportEvent> exports = new HashMap<>();
        private final Set<String> namespaces = new HashSet<>(List.of("ns-a", "ns-b"));
        private final Map<ServiceRef, List<EgressPort>> allocations = new HashMap<>();
        private final Map<ServiceRef, String> clusterIps = new HashMap<>();
        private final Set<ObjectRef> foreign = new HashSet<>();
        private final Map<String, ImportEvent> published = new HashMap<>();
        private final Map<ServiceRef, PinnedImport> pinned = new HashMap<>();
        private List<EgressPod> pods = List.of(pod("egress-0", true, false, "10.0.0.5"));
        private WanReports wan = WanReports.NONE;
        private int nextIp;

        Fleet(int rangeSize) {
            config = new ImportConfig(CLUSTER, PODS, new PortRange(PORT_START, PORT_START + rangeSize - 1));
        }

        PlannerInput input() {
            return new PlannerInput(config, List.copyOf(exports.values()), namespaces, allocations, clusterIps,
                    foreign, published, pods, wan, pinned);
        }

        void apply(Step s) {
            switch (s.kind()) {
                case 0, 1, 2 -> putExport(s);
                case 3 -> removeExport(s.a());
                case 4 -> toggle(namespaces, NAMESPACES.get(s.a() % NAMESPACES.size()));
                case 5, 6, 16 -> applyPlan();
                case 7 -> toggle(foreign, new ObjectRef(s.b() % 2 == 0 ? ObjectRef.Kind.SERVICE_IMPORT
                        : ObjectRef.Kind.SERVICE, ref(s.a()).namespace(),
                        s.b() % 2 == 0 ? ref(s.a()).name() : DerivedNames.service(ref(s.a()).name())));
                case 8 -> pods = pods(s.a());
                case 9 -> wan = wan(s);
                case 10 -> pin(s);
                case 11, 17, 18 -> raceAllocation(s);
                case 12 -> clusterIp(s);
                case 13 -> publishedNoise(s);
                case 14 -> recreateExports();
                default -> config = new ImportConfig(CLUSTER, s.a() % 3 == 0 ? new EgressSource.StaticAddress(
                        "10.0.2.1") : PODS, new PortRange(PORT_START + s.b() % 3, PORT_START + 3 + s.c() % 8));
            }
        }

        private static ServiceRef ref(int n) {
            return new ServiceRef(NAMESPACES.get(n % 3), NAMES.get(n / 3 % NAMES.size()));
        }

        private void putExport(Step s) {
            String cluster = CLUSTERS.get(s.a() % CLUSTERS.size());
            ServiceRef ref = ref(s.b());
            int v = s.c();
            List<ExportPort> ports = new ArrayList<>();
            for (int i = 0; i < PORTS.size(); i++) {
                if ((v >> i & 1) == 1) {
                    ports.add(PORTS.get(i));
                }
            }
            if ((ports.stream().filter(p -> "http".equals(p.name())).count() > 1)) {
                ports.remove(0);
            }
            ExportedPolicy policy = (v >> 4 & 1) == 0 ? new ExportedPolicy("gold", "internet", 31000, null, null)
                    : new ExportedPolicy("silver", "mpls", 31001, null, null);
            List<ExportPort> refused = (v >> 6 & 3) == 0 ? List.of(new ExportPort("dns", "UDP", null, 53))
                    : List.of();
            exports.put(cluster + "/" + ref, new ExportEvent(cluster, ref.namespace(), ref.name(),
                    (v >> 5 & 3) == 0 ? "Headless" : "ClusterSetIP", (v >> 8 & 3) == 0 ? "ClientIP" : "None", ports,
                    policy, "10.1.0." + CLUSTERS.indexOf(cluster), 1, EPOCH.plusSeconds(v >> 10 & 3), null, null,
                    null, refused));
        }

        private void removeExport(int n) {
            if (!exports.isEmpty()) {
                exports.remove(exports.keySet().stream().sorted().toList().get(n % exports.size()));
            }
        }

        /** What the reconciler leaves behind once a plan is applied: egress ports, clusterIPs, events. */
        private void applyPlan() {
            ImportPlan plan = ImportPlanner.plan(input());
            allocations.clear();
            List<DesiredImport> all = new ArrayList<>(plan.imports());
            all.addAll(plan.pinned());
            all.stream().filter(i -> !i.egressPorts().isEmpty())
                    .forEach(i -> allocations.put(new ServiceRef(i.namespace(), i.name()), i.egressPorts()));
            Map<ServiceRef, String> ips = new HashMap<>();
            plan.services().stream().filter(d -> !d.headless()).forEach(d -> {
                ServiceRef ref = new ServiceRef(d.namespace(), d.name());
                ips.put(ref, clusterIps.getOrDefault(ref, "10.96.0." + nextIp++ % 250));
            });
            clusterIps.clear();
            clusterIps.putAll(ips);
            plan.publish().forEach(e -> published.put(e.key(), e));
            plan.tombstones().forEach(published::remove);
        }

        private void pin(Step s) {
            ServiceRef ref = ref(s.a());
            int v = s.b() % 3;
            if (v == 0) {
                pinned.remove(ref);
                return;
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(StaticIngress.ANNOTATION_INGRESS, "127.0.1.7:32000");
            annotations.put(StaticIngress.ANNOTATION_POLICY, v == 1 ? "gold" : "missing");
            annotations.put(StaticIngress.ANNOTATION_CLUSTER, "dc-7");
            List<ExportPort> ports = s.c() % 2 == 0 ? List.of(PORTS.get(0)) : List.of(PORTS.get(2), PORTS.get(3));
            pinned.put(ref, PinnedImport.of(CLUSTER, ref, annotations, ports, s.c() % 5 == 0 ? "Headless" : null,
                    EPOCH, Map.of("gold", new PolicyEvent(CLUSTER, "gold", "internet", 31000, null, null, List.of(),
                            null, 1))));
        }

        /** Egress ports recorded by a replica that raced, or under an older range: taken twice, out of range. */
        private void raceAllocation(Step s) {
            ServiceRef ref = ref(s.a());
            if (s.c() % 4 == 0) {
                allocations.remove(ref);
                return;
            }
            if (s.c() % 4 == 1 && !allocations.isEmpty()) {
                stealPorts(ref, s.b());
                return;
            }
            List<EgressPort> ports = new ArrayList<>();
            ports.add(new EgressPort("http", "TCP", 80, PORT_START - 1 + s.b() % 12));
            if (s.c() % 3 == 0) {
                ports.add(new EgressPort("grpc", "TCP", 9000, PORT_START + s.b() % 5));
            }
            if (s.c() % 5 == 0) {
                ports.add(new EgressPort(null, "TCP", 8080, PORT_START + s.c() % 7));
            }
            allocations.put(ref, ports);
        }

        /** Another import's egress ports recorded for every port of {@code ref}: both claim them complete. */
        private void stealPorts(ServiceRef ref, int n) {
            List<ServiceRef> holders = allocations.keySet().stream().sorted().toList();
            List<EgressPort> victim = allocations.get(holders.get(n % holders.size()));
            List<ImportPort> ports = ImportPlanner.plan(input()).imports().stream()
                    .filter(i -> i.namespace().equals(ref.namespace()) && i.name().equals(ref.name()))
                    .flatMap(i -> i.ports().stream()).toList();
            List<EgressPort> stolen = new ArrayList<>();
            for (int i = 0; i < ports.size(); i++) {
                ImportPort p = ports.get(i);
                stolen.add(new EgressPort(p.name(), p.protocol(), p.port(),
                        victim.get((n + i) % victim.size()).egressPort()));
            }
            if (!stolen.isEmpty()) {
                allocations.put(ref, stolen);
            }
        }

        private void clusterIp(Step s) {
            ServiceRef derived = new ServiceRef(ref(s.a()).namespace(), DerivedNames.service(ref(s.a()).name()));
            if (s.b() % 3 == 0) {
                clusterIps.remove(derived);
            } else {
                clusterIps.put(derived, s.b() % 3 == 1 ? "10.96.1." + s.c() % 250 : "fd00::" + s.c() % 250);
            }
        }

        private void publishedNoise(Step s) {
            ServiceRef ref = ref(s.a());
            String cluster = s.b() % 3 == 0 ? "c2" : CLUSTER;
            String key = cluster + "/" + ref;
            if (s.c() % 3 == 0) {
                published.remove(key);
            } else {
                published.put(key, new ImportEvent(cluster, ref.namespace(), ref.name(), ImportState.values()[s.c()
                        % 3], "ClusterSetIP", List.of(), List.of(), List.of("c1"), "gold", null));
            }
        }

        /** The same exports as new objects, as a consumer that parsed them again would hold them. */
        private void recreateExports() {
            exports.replaceAll((k, e) -> e.withExported(e.exportedLabels(), e.exportedAnnotations()));
        }

        private static <T> void toggle(Set<T> set, T element) {
            if (!set.remove(element)) {
                set.add(element);
            }
        }

        private static List<EgressPod> pods(int v) {
            List<EgressPod> pods = new ArrayList<>();
            if ((v & 1) == 1) {
                pods.add(pod("egress-0", (v & 2) == 2, (v & 4) == 4, "10.0.0.5"));
            }
            if ((v & 8) == 8) {
                pods.add(pod("egress-1", true, false, (v & 16) == 16 ? "fd00::5" : "10.0.0.6"));
            }
            return pods;
        }

        private static EgressPod pod(String name, boolean ready, boolean deleting, String ip) {
            return new EgressPod("mcw-system", name, name + "-uid", Map.of("app", "egress"), EgressPod.RUNNING,
                    List.of(ip), ready, deleting, "node-1");
        }

        /** One destination's tunnel reading and the gateway's choice for it replaced, or the gateway's silence. */
        private WanReports wan(Step s) {
            if (s.a() % 7 == 0) {
                return new WanReports(wan.tunnels(), wan.activeTunnels(), !wan.gatewayReported());
            }
            String destination = CLUSTERS.get(s.a() % CLUSTERS.size());
            List<TunnelReading> readings = new ArrayList<>(wan.tunnels().stream()
                    .filter(t -> !t.destinationCluster().equals(destination)).toList());
            if (s.b() % 4 != 0) {
                TunnelState state = TunnelState.values()[s.b() % TunnelState.values().length];
                readings.add(new TunnelReading(destination, "internet", state, "probes", 10 + s.b() % 3, 1, 0,
                        List.of(s.b() % 2 == 0 ? new SlaVerdict("gold", true, List.of())
                                : new SlaVerdict("gold", false, List.of("latency 30 ms > 20 ms")))));
            }
            List<ActiveTunnel> active = new ArrayList<>(wan.activeTunnels().stream()
                    .filter(t -> !t.destinationCluster().equals(destination)).toList());
            if (s.c() % 3 != 0) {
                active.add(new ActiveTunnel(destination, s.c() % 3 == 1 ? "gold" : "silver", "internet", "internet",
                        31000, s.c() % 2 == 0 ? null : true, "preferred"));
            }
            return new WanReports(readings, active, true);
        }
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.api.net.HostPort;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

/**
 * {@link RouteTablePlanner} against the full computation ({@link RouteTableBuilder#build}): over seeded random
 * sequences of changes to a small clusterset (exports of any cluster, with KEP-1645 conflicts; policies; imports,
 * static and unusable ones included; VirtualServices; path health; time passing, with the tunnels in use fed back as
 * the control loop does), the planner's table after every change equals a fresh full build of the same inputs.
 */
class RouteTablePlannerPropertyTest {
    private static final int CLUSTERS = 4;
    private static final int SERVICES = 6;
    private static final String[] POLICIES = { "gold", "bronze", "silver" };
    private static final String[] TUNNELS = { "business", "internet" };
    private static final TunnelState[] STATES = { TunnelState.UP, TunnelState.DEGRADED, TunnelState.DOWN };

    @Property(tries = 300, seed = "14", shrinking = ShrinkingMode.BOUNDED)
    void everyPlannedTableEqualsTheFullComputation(@ForAll("sequences") List<Change> changes) {
        // Given
        Model model = new Model();
        RouteTablePlanner planner = new RouteTablePlanner();
        RouteTable previous = null;

        for (Change change : changes) {
            // When
            change.applyTo(model);
            GatewayInputs inputs = model.inputs(previous);
            RouteTable planned = planner.plan(inputs);
            RouteTable full = RouteTableBuilder.build(inputs);

            // Then
            if (!planned.equals(full)) {
                assertThat(GoldenFiles.render(planned)).as("after %s", change).isEqualTo(GoldenFiles.render(full));
            }
            assertThat(planned).as("after %s", change).isEqualTo(full);
            previous = full;
        }
    }

    @Example
    void anUnchangedServiceKeepsItsDestinationsAndAChangedOneGetsNewOnes() {
        // Given
        GatewayInputs inputs = FleetInputs.of(3, 4);
        RouteTablePlanner planner = new RouteTablePlanner();
        RouteTable first = planner.plan(inputs);
        List<ExportEvent> exports = new ArrayList<>(inputs.exports());
        exports.set(0, FleetInputs.export(0, 0, 1)); // c000's export of service 0: 1 ready endpoint instead of 3

        // When
        RouteTable second = planner.plan(new GatewayInputs(inputs.cluster(), exports, inputs.imports(),
                inputs.policies(), inputs.localServices(), inputs.l7Objects(), inputs.tunnels()));

        // Then: the planner reused what did not change, so the property above tests the reuse
        ServiceKey changed = FleetInputs.service(0);
        ServiceKey unchanged = FleetInputs.service(1);
        assertThat(second.destinations().get(unchanged)).isSameAs(first.destinations().get(unchanged));
        assertThat(second.destinations().get(changed)).isNotSameAs(first.destinations().get(changed))
                .extracting(DestinationCluster::readyEndpoints).containsExactly(1, 3, 3);
        assertThat(second).isEqualTo(RouteTableBuilder.build(new GatewayInputs(inputs.cluster(), exports,
                inputs.imports(), inputs.policies(), inputs.localServices(), inputs.l7Objects(), inputs.tunnels())));
    }

    @Provide
    Arbitrary<List<Change>> sequences() {
        Arbitrary<Integer> cluster = Arbitraries.integers().between(0, CLUSTERS - 1);
        Arbitrary<Integer> service = Arbitraries.integers().between(0, SERVICES - 1);
        Arbitrary<Integer> variant = Arbitraries.integers().between(0, 107);
        Arbitrary<Change> change = Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(cluster, service, variant).as(PutExport::new)),
                Tuple.of(2, Combinators.combine(cluster, service).as(RemoveExport::new)),
                Tuple.of(2, Combinators.combine(cluster, variant).as(PutPolicy::new)),
                Tuple.of(1, Combinators.combine(cluster, variant).as(RemovePolicy::new)),
                Tuple.of(2, Combinators.combine(service, variant).as(PutImport::new)),
                Tuple.of(1, service.map(RemoveImport::new)),
                Tuple.of(1, Combinators.combine(service, variant).as(PutL7::new)),
                Tuple.of(1, service.map(RemoveL7::new)),
                Tuple.of(2, Combinators.combine(cluster, variant).as(SetPath::new)),
                Tuple.of(1, Arbitraries.integers().between(1, 120).map(Tick::new)));
        return change.list().ofMinSize(1).ofMaxSize(40);
    }

    /** The views a gateway holds: what each change edits. */
    static final class Model {
        final Map<String, ExportEvent> exports = new HashMap<>();
        final Map<String, PolicyEvent> policies = new HashMap<>();
        final Map<ServiceKey, ImportedService> imports = new HashMap<>();
        final Map<ServiceKey, L7Object> l7 = new HashMap<>();
        final Map<PathKey, PathHealth> paths = new HashMap<>();
        Instant now = FleetInputs.T0;

        /** The inputs as the control loop makes them: the tunnels in use are those of the table in force. */
        GatewayInputs inputs(RouteTable previous) {
            List<LocalService> local = new ArrayList<>();
            for (int s = 0; s < SERVICES; s += 2) {
                local.add(FleetInputs.localService(s));
            }
            return new GatewayInputs(FleetInputs.SELF, List.copyOf(exports.values()), List.copyOf(imports.values()),
                    List.copyOf(policies.values()), local, List.copyOf(l7.values()),
                    new TunnelInputs(List.copyOf(paths.values()),
                            previous == null ? Map.of() : previous.activeTunnels(), now));
        }
    }

    sealed interface Change {
        void applyTo(Model model);
    }

    /** Variant: policy, ready endpoints, creation time, ports and type, so that exports conflict now and then. */
    record PutExport(int cluster, int service, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            ServiceKey key = FleetInputs.service(service);
            String policy = POLICIES[variant % 3];
            List<ExportPort> ports = variant / 27 % 2 == 0 ? List.of(new ExportPort("http", "TCP", null, 8080))
                    : List.of(new ExportPort("http", "TCP", null, 8080), new ExportPort("grpc", "TCP", null, 9090));
            ExportEvent export = new ExportEvent(FleetInputs.cluster(cluster), key.namespace(), key.name(),
                    variant / 54 % 2 == 0 ? null : "Headless", null, ports,
                    new ExportedPolicy(policy, TUNNELS[variant % 2], 31111 + variant % 3, null, null),
                    "10.0." + cluster + ".1", variant / 3 % 3, FleetInputs.T0.plusSeconds(variant / 9 % 3));
            model.exports.put(export.key(), export);
        }
    }

    record RemoveExport(int cluster, int service) implements Change {
        @Override
        public void applyTo(Model model) {
            ServiceKey key = FleetInputs.service(service);
            model.exports.remove(FleetInputs.cluster(cluster) + "/" + key.namespace() + "/" + key.name());
        }
    }

    /** Variant: name, tunnel, port and failover list. */
    record PutPolicy(int cluster, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            String tunnel = TUNNELS[variant / 3 % 2];
            List<String> failover = variant / 6 % 2 == 0 ? List.of() : List.of(TUNNELS[1 - variant / 3 % 2]);
            PolicyEvent policy = new PolicyEvent(FleetInputs.cluster(cluster), POLICIES[variant % 3], tunnel,
                    31111 + variant / 12 % 3, null, null, failover, variant / 36 % 2 == 0 ? null : 30, 1);
            model.policies.put(policy.key(), policy);
        }
    }

    record RemovePolicy(int cluster, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            model.policies.remove(FleetInputs.cluster(cluster) + "/" + POLICIES[variant % 3]);
        }
    }

    /** Variant: one or two ports, from the event bus, pinned to a static ingress, or unusable. */
    record PutImport(int service, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            ServiceKey key = FleetInputs.service(service);
            List<ImportedPort> ports = variant % 2 == 0
                    ? List.of(new ImportedPort("http", "TCP", 8080, 20000 + 2 * service))
                    : List.of(new ImportedPort("http", "TCP", 8080, 20000 + 2 * service),
                            new ImportedPort("grpc", "TCP", 9090, 20001 + 2 * service));
            ImportSource source = switch (variant / 2 % 4) {
                case 0, 1 -> ImportSource.EVENT_BUS;
                case 2 -> new ImportSource.Static(new StaticIngress(HostPort.parse("10.0.2.1"), POLICIES[variant % 3],
                        FleetInputs.cluster(2)), FleetInputs.T0);
                default -> new ImportSource.Unusable("annotation mcw.l7mp.io/static-ingress is 'x:y', expected a port");
            };
            model.imports.put(key, new ImportedService(key.namespace(), key.name(), ports, source));
        }
    }

    record RemoveImport(int service) implements Change {
        @Override
        public void applyTo(Model model) {
            model.imports.remove(FleetInputs.service(service));
        }
    }

    /** A VirtualService on the service, to itself and another service, which may not be imported. */
    record PutL7(int service, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            L7Object vs = FleetInputs.virtualService(service);
            if (variant % 2 == 1) {
                vs = new L7Object(vs.kind(), vs.namespace(), vs.name(), vs.created().plusSeconds(variant), vs.spec());
            }
            model.l7.put(FleetInputs.service(service), vs);
        }
    }

    record RemoveL7(int service) implements Change {
        @Override
        public void applyTo(Model model) {
            model.l7.remove(FleetInputs.service(service));
        }
    }

    /** Variant: tunnel and state of this cluster's path to the cluster. */
    record SetPath(int cluster, int variant) implements Change {
        @Override
        public void applyTo(Model model) {
            PathKey path = new PathKey(FleetInputs.cluster(cluster), TUNNELS[variant % 2]);
            TunnelState state = STATES[variant / 2 % 3];
            model.paths.put(path, new PathHealth(path, state, "probes", null, List.of(),
                    state == TunnelState.DOWN ? null : model.now, Map.of()));
        }
    }

    record Tick(int seconds) implements Change {
        @Override
        public void applyTo(Model model) {
            model.now = model.now.plusSeconds(seconds);
        }
    }
}

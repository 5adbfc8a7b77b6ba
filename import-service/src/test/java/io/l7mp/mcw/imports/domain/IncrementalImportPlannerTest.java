package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * What the incremental planner plans again, and the cases of the port allocator where imports depend on each other;
 * {@link IncrementalImportPlannerPropertyTest} checks the plans over random sequences.
 */
class IncrementalImportPlannerTest {

    @Test
    void aSingleExportChangeInASteadyFleetPlansOnlyItsService() {
        // Given
        PlannerInput steady = FleetImports.steady(10, 100, FleetImports.Shape.DISTINCT);
        IncrementalImportPlanner planner = new IncrementalImportPlanner();
        planner.plan(steady);

        // When: one cluster changes the ports of one export
        PlannerInput changed = withExport(steady, 3, FleetImports.export(3, "c3-svc-7", 7, 1));
        ImportPlan plan = planner.plan(changed);

        // Then
        assertThat(planner.plannedLastTime()).isEqualTo(1);
        assertThat(plan).isEqualTo(ImportPlanner.plan(changed));
        assertThat(plan.publish()).singleElement().satisfies(e -> assertThat(e.name()).isEqualTo("c3-svc-7"));
    }

    @Test
    void anUnchangedInputPlansNothingAndATunnelChangePlansTheServicesOfItsCluster() {
        // Given
        PlannerInput steady = FleetImports.steady(3, 20, FleetImports.Shape.DISTINCT);
        IncrementalImportPlanner planner = new IncrementalImportPlanner();
        planner.plan(steady);

        // When
        planner.plan(steady);
        int unchanged = planner.plannedLastTime();
        List<TunnelReading> readings = new ArrayList<>(steady.wan().tunnels());
        readings.replaceAll(r -> r.destinationCluster().equals("cluster-2")
                ? new TunnelReading(r.destinationCluster(), r.tunnel(), TunnelState.DOWN, "no probe answered", 0, 0,
                        100, List.of())
                : r);
        PlannerInput down = new PlannerInput(steady.config(), steady.exports(), steady.namespaces(),
                steady.allocations(), steady.clusterIps(), steady.foreign(), steady.published(),
                steady.egressPods(), new WanReports(readings, steady.wan().activeTunnels(), true), steady.pinned());
        ImportPlan plan = planner.plan(down);

        // Then
        assertThat(unchanged).isZero();
        assertThat(planner.plannedLastTime()).isEqualTo(20);
        assertThat(plan).isEqualTo(ImportPlanner.plan(down));
    }

    @Test
    void portsTwoImportsBothRecordedAreKeptByTheFirstAndReallocatedForTheOther() {
        // Given: two imports settled on their own ports
        PlannerInput steady = FleetImports.steady(2, 8, FleetImports.Shape.SHARED);
        IncrementalImportPlanner planner = new IncrementalImportPlanner();
        planner.plan(steady);
        ServiceRef first = new ServiceRef(FleetImports.namespace(1), "svc-1");
        ServiceRef second = new ServiceRef(FleetImports.namespace(5), "svc-5");
        int taken = steady.allocations().get(first).get(0).egressPort();

        // When: a replica that raced recorded the first one's port for the second one too
        Map<ServiceRef, List<EgressPort>> raced = new HashMap<>(steady.allocations());
        raced.put(second, List.of(new EgressPort("http", "TCP", 8080, taken)));
        PlannerInput input = new PlannerInput(steady.config(), steady.exports(), steady.namespaces(), raced,
                steady.clusterIps(), steady.foreign(), steady.published(), steady.egressPods(), steady.wan(),
                steady.pinned());
        ImportPlan plan = planner.plan(input);

        // Then
        assertThat(plan).isEqualTo(ImportPlanner.plan(input));
        assertThat(egressOf(plan, first)).isEqualTo(taken);
        assertThat(egressOf(plan, second)).isNotEqualTo(taken);
    }

    private static int egressOf(ImportPlan plan, ServiceRef ref) {
        return plan.imports().stream().filter(i -> i.namespace().equals(ref.namespace()) && i.name().equals(ref
                .name())).findFirst().orElseThrow().egressPorts().get(0).egressPort();
    }

    private static PlannerInput withExport(PlannerInput in, int cluster, ExportEvent export) {
        List<ExportEvent> exports = new ArrayList<>(in.exports());
        exports.replaceAll(e -> e.key().equals(export.key()) ? export : e);
        return new PlannerInput(in.config(), exports, in.namespaces(), in.allocations(), in.clusterIps(),
                in.foreign(), in.published(), in.egressPods(), in.wan(), in.pinned());
    }
}

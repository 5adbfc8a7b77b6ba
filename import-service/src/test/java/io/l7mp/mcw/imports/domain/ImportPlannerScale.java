package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.ExportEvent;

/**
 * How long import planning takes at fleet size (issue 14): a measurement that prints figures, not a test (DESIGN
 * D11). Its name matches none of surefire's patterns, so it only runs when asked for:
 *
 * <pre>
 * ./mvnw -B -o verify -pl import-service -Djacoco.skip=true -DskipITs -Dtest=ImportPlannerScale \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Inputs are steady states ({@link FleetImports}); figures are the median of {@link #RUNS} runs after
 * {@link #WARMUPS} warm-up runs, in one JVM. Results go to {@code docs/benchmarks.md} ("Import planning at fleet
 * size").
 */
@Tag("benchmark")
class ImportPlannerScale {
    private static final int WARMUPS = 3;
    private static final int RUNS = 9;
    private static final int[][] SIZES = { { 10, 100 }, { 10, 1000 }, { 100, 1000 } };

    @Test
    void fullPlan() {
        for (FleetImports.Shape shape : FleetImports.Shape.values()) {
            for (int[] size : SIZES) {
                // Given
                PlannerInput input = FleetImports.steady(size[0], size[1], shape);

                // When
                ImportPlan plan = ImportPlanner.plan(input);
                double ms = medianMillis(() -> ImportPlanner.plan(input));

                // Then
                print("full %s %dx%d: %d exports, %d imports (%d without egress ports): %.1f ms", shape, size[0],
                        size[1], input.exports().size(), plan.imports().size(), exhausted(plan), ms);
                assertThat(plan.publish()).as("a steady state publishes nothing").isEmpty();
            }
        }
    }

    @Test
    void incrementalSingleChange() {
        for (FleetImports.Shape shape : FleetImports.Shape.values()) {
            for (int clusters : new int[] { 10, 100 }) {
                incrementalSingleChange(shape, clusters);
            }
        }
    }

    private static void incrementalSingleChange(FleetImports.Shape shape, int clusters) {
        // Given: a steady fleet the planner has seen, and the same fleet with one export's ports changed
        PlannerInput steady = FleetImports.steady(clusters, 1000, shape);
        String name = shape == FleetImports.Shape.SHARED ? "svc-7" : "c3-svc-7";
        PlannerInput changed = withExport(steady, FleetImports.export(3, name, 7, 1));
        IncrementalImportPlanner planner = new IncrementalImportPlanner();
        planner.plan(steady);

        // When: the change comes and goes, one plan each time
        PlannerInput[] inputs = { changed, steady };
        int[] n = { 0 };
        double ms = medianMillis(() -> planner.plan(inputs[n[0]++ % 2]));
        double copy = medianMillis(() -> copyAsTheReconcilerDoes(changed));

        // Then
        print("incremental %s %dx1000, one export changed: %.1f ms (%d service(s) planned, %d unsettled); "
                + "building the PlannerInput: %.1f ms", shape, clusters, ms, planner.plannedLastTime(),
                planner.unsettledCount(), copy);
        assertThat(planner.plan(changed)).isEqualTo(ImportPlanner.plan(changed));
    }

    private static PlannerInput withExport(PlannerInput in, ExportEvent export) {
        List<ExportEvent> exports = new ArrayList<>(in.exports());
        exports.replaceAll(e -> e.key().equals(export.key()) ? export : e);
        return new PlannerInput(in.config(), exports, in.namespaces(), in.allocations(), in.clusterIps(),
                in.foreign(), in.published(), in.egressPods(), in.wan(), in.pinned());
    }

    /** What the reconciler's pass pays before planning: the views copied into a PlannerInput. */
    private static PlannerInput copyAsTheReconcilerDoes(PlannerInput in) {
        return new PlannerInput(in.config(), new ArrayList<>(in.exports()), in.namespaces(),
                new HashMap<>(in.allocations()), new HashMap<>(in.clusterIps()), in.foreign(),
                new HashMap<>(in.published()), in.egressPods(), in.wan(), in.pinned());
    }

    static long exhausted(ImportPlan plan) {
        return plan.imports().stream().filter(i -> i.egressPorts().isEmpty()).count();
    }

    static double medianMillis(Supplier<?> work) {
        for (int i = 0; i < WARMUPS; i++) {
            work.get();
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            work.get();
            times.add((System.nanoTime() - start) / 1e6);
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    static void print(String format, Object... args) {
        System.out.println("[scale] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * How long the route table takes to compute at fleet size (issue 14), and what else a pass of the gateway's control
 * loop costs per change: a measurement that prints figures, not a test (DESIGN D11). Its name matches none of
 * surefire's patterns, so it only runs when asked for:
 *
 * <pre>
 * ./mvnw -B -o verify -pl gateway-service -Djacoco.skip=true -DskipITs -Dtest=RouteTableScale \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Figures are the median of {@link #RUNS} runs after {@link #WARMUPS} warm-up runs, in one JVM; results go to
 * {@code docs/benchmarks.md} ("Gateway route table at fleet size").
 */
@Tag("benchmark")
class RouteTableScale {
    private static final int WARMUPS = 5;
    private static final int RUNS = 9;

    @Test
    void fullBuild() {
        for (int[] size : new int[][] { { 10, 100 }, { 10, 1000 }, { 100, 1000 } }) {
            // Given
            GatewayInputs inputs = FleetInputs.of(size[0], size[1]);

            // When
            double ms = medianMillis(() -> RouteTableBuilder.build(inputs));
            long retained = retainedBytes(() -> RouteTableBuilder.build(inputs));
            RouteTable table = RouteTableBuilder.build(inputs);

            // Then
            print("full build %dx%d (%d exports): %.1f ms, table retains %.1f MB beyond its inputs", size[0], size[1],
                    inputs.exports().size(), ms, retained / 1e6);
            assertThat(table.refused()).as("a fleet table refuses nothing").isEmpty();
            assertThat(table.destinations()).hasSize(size[1]).allSatisfy((k, v) -> assertThat(v).hasSize(size[0]));
            assertThat(table.l7Rules()).hasSize(size[1] / 10);
        }
    }

    @Test
    void plannerPerChange() {
        for (int[] size : new int[][] { { 10, 100 }, { 10, 1000 }, { 100, 1000 } }) {
            // Given: a planner that made the table of the inputs once
            GatewayInputs inputs = FleetInputs.of(size[0], size[1]);
            RouteTablePlanner planner = new RouteTablePlanner();
            RouteTable first = planner.plan(inputs);
            List<ExportEvent> exports = new ArrayList<>(inputs.exports());
            int[] pass = { 0 };

            // When: each pass changes one export (its ready endpoints), as one record on the topic does
            double changed = medianMillis(() -> {
                int n = ++pass[0];
                int c = n % size[0];
                int s = n % size[1];
                exports.set(c * size[1] + s, FleetInputs.export(c, s, n % 2 == 0 ? 3 : 1));
                return planner.plan(with(inputs, exports, inputs.tunnels()));
            });
            double unchanged = medianMillis(() -> planner.plan(with(inputs, exports, inputs.tunnels())));
            // each pass moves one remote cluster's paths down or up: its tunnel choices change
            double switched = medianMillis(() -> {
                int n = ++pass[0];
                List<PathHealth> paths = new ArrayList<>(inputs.tunnels().paths());
                PathHealth path = paths.get(0);
                paths.set(0, new PathHealth(path.path(), n % 2 == 0 ? TunnelState.UP : TunnelState.DOWN, "probes",
                        null, List.of(), n % 2 == 0 ? FleetInputs.T0 : null, Map.of()));
                return planner.plan(with(inputs, exports,
                        new TunnelInputs(paths, inputs.tunnels().current(), inputs.tunnels().now())));
            });
            RouteTable last = planner.plan(with(inputs, exports, inputs.tunnels()));
            RouteTable again = planner.plan(with(inputs, exports, inputs.tunnels()));
            RouteTable full = RouteTableBuilder.build(with(inputs, exports, inputs.tunnels()));

            // Then
            print("planner %dx%d: one export changed %.1f ms, nothing changed %.1f ms, a tunnel switch %.1f ms; "
                    + "comparing its table with the last %.2f ms", size[0], size[1], changed, unchanged, switched,
                    medianMillis(() -> again.equals(last)));
            assertThat(last).isEqualTo(full).isNotEqualTo(first);
        }
    }

    private static GatewayInputs with(GatewayInputs inputs, List<ExportEvent> exports, TunnelInputs tunnels) {
        return new GatewayInputs(inputs.cluster(), exports, inputs.imports(), inputs.policies(), inputs.localServices(),
                inputs.l7Objects(), tunnels);
    }

    @Test
    void restOfAPassAtFleetSize() {
        // Given: the topic view as StateTopicReader holds it, and the table in force
        GatewayInputs inputs = FleetInputs.of(100, 1000);
        Map<String, ExportEvent> live = new ConcurrentHashMap<>();
        inputs.exports().forEach(e -> live.put(e.key(), e));
        RouteTable previous = RouteTableBuilder.build(inputs);
        RouteTable next = RouteTableBuilder.build(inputs);

        // When / Then: each step of GatewayReconciler.rebuild() that grows with the view
        print("view snapshot (StateTopicReader.view, Map.copyOf of %d): %.1f ms", live.size(),
                medianMillis(() -> Map.copyOf(live)));
        Map<String, ExportEvent> snapshot = Map.copyOf(live);
        print("exports list (EventViews.exports, List.copyOf of the values): %.1f ms",
                medianMillis(() -> List.copyOf(snapshot.values())));
        print("GatewayInputs of the copied lists: %.2f ms", medianMillis(() -> new GatewayInputs(inputs.cluster(),
                inputs.exports(), inputs.imports(), inputs.policies(), inputs.localServices(), inputs.l7Objects(),
                inputs.tunnels())));
        print("equal table compared with the one in force (RouteTableHolder.update): %.1f ms",
                medianMillis(() -> next.equals(previous)));
        print("one path down: the exports scan of closeDownPaths: %.1f ms", medianMillis(() -> inputs.exports()
                .stream().filter(e -> e.cluster().equals("c042")).map(ExportEvent::ingressAddress).distinct().toList()));
        assertThat(next).isEqualTo(previous);
    }

    static double medianMillis(Supplier<?> work) {
        List<Long> nanos = new ArrayList<>();
        Object sink = null;
        for (int i = 0; i < WARMUPS + RUNS; i++) {
            long start = System.nanoTime();
            sink = work.get();
            long took = System.nanoTime() - start;
            if (i >= WARMUPS) {
                nanos.add(took);
            }
        }
        assertThat(sink).isNotNull();
        nanos.sort(null);
        return nanos.get(nanos.size() / 2) / 1e6;
    }

    /** Heap in use after a GC with one result held, less the same without it. */
    static long retainedBytes(Supplier<?> work) {
        long before = usedAfterGc();
        Object held = work.get();
        long after = usedAfterGc();
        assertThat(held).isNotNull();
        return after - before;
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static void print(String format, Object... args) {
        System.out.println("[RouteTableScale] " + String.format(Locale.ROOT, format, args));
    }
}

package io.l7mp.mcw.sandbox.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the time of each export went (issue 14): the moments one export passes on its way from the ServiceExport create
 * call in cluster-1 to its import in cluster-2, all on the wall clock of this machine (every process of the sandbox
 * shares it), and the stages between them. The moments come from what anyone can observe: the benchmark's own create
 * call, the CloudEvent {@code time} of the export and import events on the bus (set by the publishing service just
 * before it hands the record to its producer), and watches on cluster-2's API server.
 */
final class PropagationTimeline {

    /** The moments, in the order an export passes them. */
    enum Moment {
        /** Just before the benchmark's create call of the ServiceExport. */
        CREATED("create call"),
        /** The export event's CloudEvent time: the export-service publishes it. */
        EXPORT_PUBLISHED("export event published"),
        /** The derived Service seen at a watch on cluster-2. */
        SERVICE("derived Service written"),
        /** The EndpointSlice seen at a watch on cluster-2. */
        SLICE("EndpointSlice written"),
        /** The ServiceImport seen at a watch on cluster-2 (the latency the benchmark reports). */
        IMPORT("ServiceImport written"),
        /** The ServiceImport's status seen with its conditions. */
        STATUS("ServiceImport status written"),
        /** The import event's CloudEvent time: cluster-2's import-service publishes it. */
        IMPORT_PUBLISHED("import event published");

        final String label;

        Moment(String label) {
            this.label = label;
        }
    }

    /**
     * A stage: the time from one moment to another, and what it holds.
     *
     * @param what the services and API requests the stage spans
     */
    record Stage(String name, Moment from, Moment to, String what) {
    }

    static final List<Stage> STAGES = List.of(
            new Stage("export-service", Moment.CREATED, Moment.EXPORT_PUBLISHED,
                    "ServiceExport create (API), watch event to the export-service, its pass, the produce call"),
            new Stage("bus + import planning + Service", Moment.EXPORT_PUBLISHED, Moment.SERVICE,
                    "Kafka produce and fetch, the import-service's pass, the derived Service create (API), its watch"),
            new Stage("Service -> ServiceImport", Moment.SERVICE, Moment.IMPORT,
                    "the VIP read back, a second planning, the ServiceImport create (API), its watch"),
            new Stage("ServiceImport -> status", Moment.IMPORT, Moment.STATUS, "the status update (API), its watch"),
            new Stage("status -> import event", Moment.STATUS, Moment.IMPORT_PUBLISHED,
                    "the end of the pass, the import event's produce call"),
            new Stage("total to ServiceImport", Moment.CREATED, Moment.IMPORT, "what the benchmark reports"));

    private final long originNanos = System.nanoTime();
    private final Instant origin = Instant.now();
    private final Map<String, Map<Moment, Instant>> moments = new ConcurrentHashMap<>();

    /** The wall-clock time of a {@link System#nanoTime()} reading. */
    Instant wall(long nanoTime) {
        return origin.plusNanos(nanoTime - originNanos);
    }

    /** Records the first time {@code name} reached {@code moment}; later ones are ignored. */
    void reached(String name, Moment moment, Instant at) {
        moments.computeIfAbsent(name, n -> new EnumMap<>(Moment.class)).putIfAbsent(moment, at);
    }

    void reachedNow(String name, Moment moment) {
        reached(name, moment, wall(System.nanoTime()));
    }

    /** The moments {@code name} has reached so far. */
    Set<Moment> reached(String name) {
        return Set.copyOf(moments.getOrDefault(name, Map.of()).keySet());
    }

    /** The milliseconds of {@code stage} for each export that passed both its moments. */
    LatencyStats stage(Stage stage) {
        double[] ms = moments.values().stream().filter(m -> m.containsKey(Moment.CREATED))
                .filter(m -> m.containsKey(stage.from()) && m.containsKey(stage.to()))
                .mapToDouble(m -> Duration.between(m.get(stage.from()), m.get(stage.to())).toNanos() / 1e6).sorted()
                .toArray();
        return new LatencyStats(ms);
    }

    /** Milliseconds from the create call to each moment, of one export; empty moments are left out. */
    Map<Moment, Double> of(String name) {
        Map<Moment, Instant> m = moments.getOrDefault(name, Map.of());
        Instant created = m.get(Moment.CREATED);
        Map<Moment, Double> offsets = new EnumMap<>(Moment.class);
        if (created != null) {
            m.forEach((moment, at) -> offsets.put(moment, Duration.between(created, at).toNanos() / 1e6));
        }
        return offsets;
    }

    /** Prints the stages (p50, p99, max) and the offsets of the first {@code exports} exports, in name order. */
    void print(PrintStream out, List<String> names, int exports) {
        out.println("[bench] where the time went, per stage (ms; moments observed on the bus and at watches):");
        out.printf(Locale.ROOT, "[bench]   %-32s %7s %7s %7s %5s  %s%n", "stage", "p50", "p99", "max", "n", "spans");
        for (Stage s : STAGES) {
            LatencyStats stats = stage(s);
            out.printf(Locale.ROOT, "[bench]   %-32s %7.1f %7.1f %7.1f %5d  %s%n", s.name(), stats.p50Ms(),
                    stats.p99Ms(), stats.maxMs(), stats.count(), s.what());
        }
        out.println("[bench] per export, ms after its create call:");
        List<String> header = new ArrayList<>();
        for (Moment m : Moment.values()) {
            header.add(m.label);
        }
        out.println("[bench]   export  | " + String.join(" | ", header.subList(1, header.size())));
        names.stream().limit(exports).forEach(name -> {
            Map<Moment, Double> offsets = of(name);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "[bench]   %-7s", name));
            for (Moment m : Moment.values()) {
                if (m != Moment.CREATED) {
                    Double ms = offsets.get(m);
                    row.append(" | ").append(ms == null ? "-" : String.format(Locale.ROOT, "%.1f", ms));
                }
            }
            out.println(row);
        });
    }
}

package io.l7mp.mcw.sandbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.StatusRuntimeException;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.ServiceProcess;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.RequestStats;
import io.l7mp.mcw.testkit.YamlApplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fleet benchmark (issue 14): one real cluster (its API server, policy-, import- and gateway-service) follows a
 * clusterset of N simulated clusters exporting M services each. The simulated clusters run nothing: their policy and
 * export events are produced straight onto the topics ({@link FleetPublisher}), as their services would publish them.
 * Every simulated cluster exports the same M services (spread over K namespaces, which exist in the real cluster), so
 * the real cluster imports M services, each from N clusters.
 * <p>
 * Measures converge-from-cold (from the first event produced until every ServiceImport lists all N clusters at a
 * watch on the real API server, and until the gateway's route table has N upstreams for each), then C single
 * changes on the steady fleet, one at a time (a new service exported by one simulated cluster: from its produce to
 * its ServiceImport at the watch, and to its route in the gateway's table), and the import-service's and gateway's
 * CPU, heap and RSS, and the API writes the watch saw. Run with {@code bin/sandbox-bench-fleet}.
 */
@Command(name = "sandbox-bench-fleet", sortOptions = false, usageHelpAutoWidth = true, description = "Measures one "
        + "cluster's import-service and gateway following N simulated clusters x M exported services.")
public final class FleetBenchmark implements Callable<Integer> {

    private static final String REAL = "cluster-1";
    private static final String IMPORT_SERVICE = "import-service";
    private static final String GATEWAY_SERVICE = "gateway-service";
    private static final List<String> SERVICES = List.of("policy-service", IMPORT_SERVICE, GATEWAY_SERVICE);
    static final String NAMESPACE_PREFIX = "fleet-";
    private static final int EGRESS_PORT_START = 20000;
    /** How often the gateway's whole table is read while the fleet converges: each read is megabytes at 100 x 1,000. */
    private static final Duration TABLE_POLL = Duration.ofMillis(250);
    /** How often the route of one changed service is read. */
    private static final Duration ROUTE_POLL = Duration.ofMillis(5);
    /** The fleet is steady once the watch has seen no write for this long. */
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);

    @Option(names = "--clusters", paramLabel = "N", defaultValue = "10", description = "Simulated clusters (default: "
            + "${DEFAULT-VALUE}).")
    int clusters;

    @Option(names = "--services", paramLabel = "M", defaultValue = "100", description = "Services each simulated "
            + "cluster exports (default: ${DEFAULT-VALUE}).")
    int services;

    @Option(names = "--namespaces", paramLabel = "K", defaultValue = "10", description = "Namespaces the services are "
            + "spread over (default: ${DEFAULT-VALUE}).")
    int namespaces;

    @Option(names = "--changes", paramLabel = "C", defaultValue = "50", description = "Single changes applied one at "
            + "a time once the fleet is steady (default: ${DEFAULT-VALUE}).")
    int changes;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g", description = "-Xmx of the real cluster's "
            + "services (default: ${DEFAULT-VALUE}, the issue's import-service target).")
    String heap;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Sandbox work directory (default: "
            + "sandbox/target/bench-fleet under the repository root).")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "How long the fleet may "
            + "take to converge (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--append-to", paramLabel = "FILE", description = "Also append the markdown row to FILE.")
    Path appendTo;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new FleetBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Fleet fleet = new Fleet(clusters, services, namespaces);
        // the API server in a JVM of its own, warmed: its work is not this benchmark's nor a cold JVM's
        SandboxOptions options = SandboxOptions.defaults().withClusters(1).withServices(SERVICES)
                .withApiServersOutOfProcess(true).withJvmArgs(List.of("-Xmx" + heap, "-XX:+UseSerialGC"))
                // one egress port per imported service port: the fleet's, the changes' and some to spare
                .withSystemProperty("mcw.import.egress-port-range-end",
                        Integer.toString(EGRESS_PORT_START + services + changes + 99));
        options = options.withWorkDir(workDir != null ? workDir.toAbsolutePath()
                : options.repoRoot().resolve("sandbox").resolve("target").resolve("bench-fleet"));
        try (Sandbox sandbox = Sandbox.start(options)) {
            KubernetesClient client = sandbox.client(REAL);
            YamlApplier.apply(client, sandbox.repoRoot().resolve("k8s/examples/service-level/wanpolicies.yaml"));
            fleet.namespaces().forEach(ns -> ServiceLevelScenario.ensureNamespace(client, ns));
            try (ImportWatch watch = new ImportWatch(client, ns -> ns != null && ns.startsWith(NAMESPACE_PREFIX));
                    GatewayRoutes routes = new GatewayRoutes("127.0.0.1", sandbox.httpPort(REAL, GATEWAY_SERVICE));
                    FleetPublisher publisher = new FleetPublisher(sandbox.bootstrapServers(), Clock.systemUTC())) {
                watch.awaitSynced(Duration.ofSeconds(30));
                return run(sandbox, fleet, watch, routes, publisher);
            }
        }
    }

    private int run(Sandbox sandbox, Fleet fleet, ImportWatch watch, GatewayRoutes routes, FleetPublisher publisher)
            throws InterruptedException, IOException {
        Set<String> keys = fleet.serviceKeys();
        keys.forEach(k -> watch.expect(k, clusters));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Map<String, ProcessFootprint> idle = footprints(sandbox);
        out.printf("[bench] fleet: %d simulated clusters x %d services in %d namespaces = %d exports; expecting %d "
                + "ServiceImports in %s, each from %d clusters%n", clusters, services, namespaces, clusters * services,
                keys.size(), REAL, clusters);

        long start = System.nanoTime();
        publishFleet(fleet, publisher);
        double producedSeconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "[bench] produced %d policy and %d export events in %.1f s%n", 2 * clusters,
                clusters * services, producedSeconds);
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long gatewayAt = awaitTable(routes, keys, watch, start, deadline);
        long apiAt = watch.awaitComplete(keys, deadline);
        Map<String, Long> coldWrites = watch.writes();
        Map<String, ProcessFootprint> converged = footprints(sandbox);
        Cold cold = new Cold(producedSeconds, seconds(apiAt, start), seconds(gatewayAt, start), coldWrites);
        out.printf(Locale.ROOT, "[bench] converged from cold: API %s, gateway table %s%n", format(cold.apiSeconds()),
                format(cold.gatewaySeconds()));
        if (apiAt < 0 || gatewayAt < 0) {
            out.printf("[bench] INCOMPLETE: %d of %d ServiceImports complete after %d s; no changes applied%n",
                    watch.completeCount(keys), keys.size(), timeoutSeconds);
            report(cold, null, idle, converged, footprints(sandbox), watch, load);
            return 1;
        }

        awaitQuiet(watch);
        Map<String, Long> writesBefore = watch.writes();
        Steady steady = applyChanges(fleet, watch, routes, publisher);
        Map<String, ProcessFootprint> end = footprints(sandbox);
        List.of(IMPORT_SERVICE, GATEWAY_SERVICE)
                .forEach(s -> ProcessFootprint.collectGarbage(sandbox.process(REAL, s).pid()));
        Map<String, ProcessFootprint> live = footprints(sandbox);
        report(cold, steady.withWrites(difference(watch.writes(), writesBefore)), idle, converged,
                merge(end, live), watch, load);
        printStandIn(sandbox.apiServer(REAL).requestStats());
        return steady.api().count() == changes && steady.gateway().count() == changes ? 0 : 1;
    }

    /** Every simulated cluster's policies, then all exports, cluster by cluster, as fast as the producer takes them. */
    private void publishFleet(Fleet fleet, FleetPublisher publisher) {
        for (String cluster : fleet.clusters()) {
            for (PolicyEvent policy : FleetPublisher.policies(cluster)) {
                publisher.publish(policy);
            }
        }
        for (String cluster : fleet.clusters()) {
            for (String key : fleet.serviceKeys()) {
                publisher.publish(fleet.export(cluster, key));
            }
        }
        publisher.flush();
    }

    /**
     * Reads the gateway's whole table until every service has a route with every cluster as an upstream.
     *
     * @return when it first had (nanoTime), or -1 at the deadline
     */
    private long awaitTable(GatewayRoutes routes, Set<String> keys, ImportWatch watch, long start, long deadline)
            throws InterruptedException {
        long nextProgress = start + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            long complete = -1;
            try {
                Map<String, Integer> upstreams = routes.upstreamCounts();
                complete = keys.stream().filter(k -> upstreams.getOrDefault(k, 0) >= clusters).count();
                if (complete == keys.size()) {
                    return System.nanoTime();
                }
            } catch (StatusRuntimeException e) {
                out.println("[bench] gateway admin API: " + e.getStatus());
            }
            if (System.nanoTime() > nextProgress) {
                out.printf(Locale.ROOT, "[bench]   %.0f s: %d of %d ServiceImports complete, %d routes complete%n",
                        (System.nanoTime() - start) / 1e9, watch.completeCount(keys), keys.size(), complete);
                nextProgress += TimeUnit.SECONDS.toNanos(5);
            }
            TimeUnit.MILLISECONDS.sleep(TABLE_POLL.toMillis());
        }
        return -1;
    }

    /** Waits until the watch has seen no write for {@link #QUIET} (at most a minute): the fleet is steady. */
    private void awaitQuiet(ImportWatch watch) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        Map<String, Long> last = watch.writes();
        while (System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(QUIET.toMillis());
            Map<String, Long> now = watch.writes();
            if (now.equals(last)) {
                return;
            }
            last = now;
        }
        out.println("[bench] warning: the import-service still writes a minute after convergence; changing anyway");
    }

    /**
     * Applies the changes one at a time: a new service exported by one simulated cluster (round robin), in one of the
     * namespaces (round robin); each is timed from just before its produce to its ServiceImport listing the cluster at
     * the watch, and to its route in the gateway's table.
     */
    private Steady applyChanges(Fleet fleet, ImportWatch watch, GatewayRoutes routes, FleetPublisher publisher)
            throws InterruptedException {
        out.printf("[bench] applying %d single changes, one at a time: a new service exported by one simulated "
                + "cluster%n", changes);
        Map<String, Long> produced = new LinkedHashMap<>();
        Map<String, Long> applied = new HashMap<>();
        Map<String, Long> routed = new HashMap<>();
        for (int i = 0; i < changes; i++) {
            String cluster = fleet.clusters().get(i % clusters);
            String key = fleet.namespaces().get(i % namespaces) + "/" + String.format("new-%04d", i);
            watch.expect(key, 1);
            long sent = System.nanoTime();
            produced.put(key, sent);
            publisher.publishNow(fleet.export(cluster, key));
            long deadline = sent + CHANGE_TIMEOUT.toNanos();
            long routeAt = awaitRoute(routes, key, deadline);
            long apiAt = watch.awaitComplete(Set.of(key), deadline);
            if (apiAt >= 0) {
                applied.put(key, apiAt);
            }
            if (routeAt >= 0) {
                routed.put(key, routeAt);
            }
            if (apiAt < 0 && routeAt < 0) {
                // the real cluster stopped following (a service hung or died): waiting out every change says no more
                out.printf("[bench] change %s reached neither the API nor the gateway within %d s; stopping the "
                        + "changes after %d of %d%n", key, CHANGE_TIMEOUT.toSeconds(), i + 1, changes);
                break;
            }
        }
        return new Steady(LatencyStats.of(produced, applied), LatencyStats.of(produced, routed), Map.of());
    }

    private static long awaitRoute(GatewayRoutes routes, String key, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            try {
                if (routes.upstreamCount(key) > 0) {
                    return System.nanoTime();
                }
            } catch (StatusRuntimeException e) {
                // the next read tells
            }
            TimeUnit.MILLISECONDS.sleep(ROUTE_POLL.toMillis());
        }
        return -1;
    }

    private Map<String, ProcessFootprint> footprints(Sandbox sandbox) {
        Map<String, ProcessFootprint> figures = new LinkedHashMap<>();
        for (String service : List.of(IMPORT_SERVICE, GATEWAY_SERVICE)) {
            ServiceProcess process = sandbox.process(REAL, service);
            figures.put(service, ProcessFootprint.of(process.pid(), process.url(), http));
        }
        return figures;
    }

    /** The end figures with the heap read after a full collection (what is live). */
    private static Map<String, ProcessFootprint> merge(Map<String, ProcessFootprint> end,
            Map<String, ProcessFootprint> live) {
        Map<String, ProcessFootprint> merged = new LinkedHashMap<>();
        end.forEach((service, f) -> merged.put(service, new ProcessFootprint(f.cpuSeconds(),
                live.get(service).heapUsedBytes(), f.rssBytes(), live.get(service).peakRssBytes())));
        return merged;
    }

    /** What the stand-in served over the whole run, writes first: the API requests the real cluster cost. */
    private void printStandIn(RequestStats stats) {
        out.printf(Locale.ROOT, "[bench] API server stand-in (its own JVM), every request of the run; %d objects held:%n",
                stats.objects());
        stats.requests().stream().filter(t -> !"nonresource".equals(t.kind()))
                .forEach(t -> out.printf(Locale.ROOT, "[bench]   %-7s %-42s %7d requests, mean %.2f ms, max %.1f ms%n",
                        t.verb(), t.kind(), t.count(), t.meanNanos() / 1e6, t.maxNanos() / 1e6));
    }

    private void report(Cold cold, Steady steady, Map<String, ProcessFootprint> idle,
            Map<String, ProcessFootprint> converged, Map<String, ProcessFootprint> end, ImportWatch watch,
            double load) throws IOException {
        out.println();
        out.printf(Locale.ROOT, "[bench] fleet %d x %d (%d namespaces), heap -Xmx%s, load %.1f at the start%n",
                clusters, services, namespaces, heap, load);
        out.printf(Locale.ROOT, "[bench] converge from cold: produced in %.1f s; all ServiceImports complete at the "
                + "API after %s; the gateway's table complete after %s%n", cold.producedSeconds(),
                format(cold.apiSeconds()), format(cold.gatewaySeconds()));
        if (steady != null) {
            out.printf(Locale.ROOT, "[bench] single change (%d): API p50 %.0f ms, p99 %.0f ms, max %.0f ms; gateway "
                    + "p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", steady.api().count(), steady.api().p50Ms(),
                    steady.api().p99Ms(), steady.api().maxMs(), steady.gateway().p50Ms(), steady.gateway().p99Ms(),
                    steady.gateway().maxMs());
        }
        for (String service : end.keySet()) {
            ProcessFootprint i = idle.get(service);
            ProcessFootprint c = converged.get(service);
            ProcessFootprint e = end.get(service);
            out.printf(Locale.ROOT, "[bench] %s: CPU %.1f s converging, %.1f s for the changes; heap used %s at "
                    + "convergence, %s live at the end (after a full GC); RSS %s idle, %s at convergence, peak %s%n",
                    service, c.cpuSeconds() - i.cpuSeconds(), e.cpuSeconds() - c.cpuSeconds(),
                    mib(c.heapUsedBytes()), mib(e.heapUsedBytes()), mib(i.rssBytes()), mib(c.rssBytes()),
                    mib(e.peakRssBytes()));
        }
        out.printf("[bench] API writes seen at the watch: %s converging%s; objects at the end: %s%n", cold.writes(),
                steady == null ? "" : ", " + steady.writes() + " for the changes", watch.objects());
        String header = "| date | machine | clusters x services (namespaces) | produced (s) | converged: API (s) "
                + "| converged: gateway (s) | change API p50 / p99 (ms) | change gateway p50 / p99 (ms) "
                + "| import-service CPU cold / changes (s) | import-service heap live (MiB) | import-service peak RSS "
                + "(MiB) | gateway CPU cold / changes (s) | gateway heap live (MiB) | gateway peak RSS (MiB) "
                + "| API writes converging |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
        String row = String.format(Locale.ROOT, "| %s | %s, load %.1f, -Xmx%s | %d x %d (%d) | %.1f | %s | %s | %s | %s "
                + "| %s | %s | %s | %s | %s | %s | %d |", LocalDate.now(), machine(), load, heap, clusters, services,
                namespaces, cold.producedSeconds(), number(cold.apiSeconds()), number(cold.gatewaySeconds()),
                steady == null ? "-"
                        : String.format(Locale.ROOT, "%.0f / %.0f", steady.api().p50Ms(),
                                steady.api().p99Ms()),
                steady == null ? "-"
                        : String.format(Locale.ROOT, "%.0f / %.0f", steady.gateway().p50Ms(),
                                steady.gateway().p99Ms()),
                cpu(IMPORT_SERVICE, idle, converged, end), mibNumber(end.get(IMPORT_SERVICE).heapUsedBytes()),
                mibNumber(end.get(IMPORT_SERVICE).peakRssBytes()), cpu(GATEWAY_SERVICE, idle, converged, end),
                mibNumber(end.get(GATEWAY_SERVICE).heapUsedBytes()), mibNumber(end.get(GATEWAY_SERVICE).peakRssBytes()),
                cold.writes().values().stream().mapToLong(Long::longValue).sum());
        out.println();
        out.println(header);
        out.println(row);
        if (appendTo != null) {
            boolean fresh = !Files.exists(appendTo) || Files.size(appendTo) == 0;
            Files.writeString(appendTo, (fresh ? header + "\n" : "") + row + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            out.println("[bench] appended to " + appendTo);
        }
    }

    private static String cpu(String service, Map<String, ProcessFootprint> idle,
            Map<String, ProcessFootprint> converged, Map<String, ProcessFootprint> end) {
        return String.format(Locale.ROOT, "%.1f / %.1f",
                converged.get(service).cpuSeconds() - idle.get(service).cpuSeconds(),
                end.get(service).cpuSeconds() - converged.get(service).cpuSeconds());
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((kind, count) -> difference.put(kind, count - before.getOrDefault(kind, 0L)));
        return difference;
    }

    private static double seconds(long at, long start) {
        return at < 0 ? Double.NaN : (at - start) / 1e9;
    }

    private static String format(double seconds) {
        return Double.isNaN(seconds) ? "not reached" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String number(double seconds) {
        return Double.isNaN(seconds) ? "-" : String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String mibNumber(long bytes) {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, Java " + System.getProperty("java.version");
    }

    /** The converge-from-cold figures; NaN seconds where the deadline came first. */
    private record Cold(double producedSeconds, double apiSeconds, double gatewaySeconds, Map<String, Long> writes) {
    }

    /** The single changes' latencies, to the API and to the gateway's table, and the writes they caused. */
    private record Steady(LatencyStats api, LatencyStats gateway, Map<String, Long> writes) {
        Steady withWrites(Map<String, Long> counted) {
            return new Steady(api, gateway, counted);
        }
    }
}

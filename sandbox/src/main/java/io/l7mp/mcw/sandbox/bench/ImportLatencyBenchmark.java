package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.YamlApplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Export-to-import latency (DESIGN D11): in a sandbox of two clusters (policy-, export- and import-service each),
 * creates N Services in cluster-1 (not timed), then their N ServiceExports, back to back or at {@code --rate} per
 * second, and measures for each the time from its ServiceExport create call to its ServiceImport arriving at a watch
 * on cluster-2. Back to back, the later exports queue behind the earlier ones; at a rate, each latency is the
 * propagation time of one export. Prints p50, p99, max and count, and a markdown
 * table row for docs/benchmarks.md. Run with {@code bin/sandbox-bench-imports}.
 */
@Command(name = "sandbox-bench-imports", sortOptions = false, usageHelpAutoWidth = true, description = "Measures how long an export in cluster-1 takes to be imported in cluster-2.")
public final class ImportLatencyBenchmark implements Callable<Integer> {

    private static final String NAMESPACE = "bench";

    @Option(names = "--exports", paramLabel = "N", defaultValue = "200", description = "How many Services + ServiceExports to create (default: ${DEFAULT-VALUE}).")
    int exports;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0", description = "Create the exports at this rate (0 = back to back, default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Sandbox work directory (default: sandbox/target/bench-sandbox under the repository root).")
    Path workDir;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600", description = "How long to wait for all imports (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--append-to", paramLabel = "FILE", description = "Also append the markdown row to FILE.")
    Path appendTo;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new ImportLatencyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SandboxOptions options = SandboxOptions.defaults().withServices(SandboxOptions.CONTROL_PLANE).withClusters(2);
        options = options.withWorkDir(workDir != null ? workDir.toAbsolutePath()
                : options.repoRoot().resolve("sandbox").resolve("target").resolve("bench-sandbox"));
        try (Sandbox sandbox = Sandbox.start(options)) {
            KubernetesClient exporter = sandbox.client("cluster-1");
            KubernetesClient importer = sandbox.client("cluster-2");
            Path policies = sandbox.repoRoot().resolve("k8s/examples/service-level/wanpolicies.yaml");
            YamlApplier.apply(exporter, policies);
            YamlApplier.apply(importer, policies);
            ServiceLevelScenario.ensureNamespace(exporter, NAMESPACE);
            ServiceLevelScenario.ensureNamespace(importer, NAMESPACE);

            Map<String, Long> arrived = new ConcurrentHashMap<>();
            CountDownLatch allArrived = new CountDownLatch(exports);
            try (SharedIndexInformer<ServiceImport> informer = importer.resources(ServiceImport.class)
                    .inNamespace(NAMESPACE).inform(new Arrivals(arrived, allArrived))) {
                await("the ServiceImport watch on cluster-2").atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
                createServices(exporter);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                long createStart = System.nanoTime();
                Map<String, Long> created = createExports(exporter);
                Duration creating = Duration.ofNanos(System.nanoTime() - createStart);
                boolean complete = allArrived.await(timeoutSeconds, TimeUnit.SECONDS);
                LatencyStats stats = LatencyStats.of(created, arrived);
                report(stats, complete, creating, load);
                return complete ? 0 : 1;
            }
        }
    }

    private void createServices(KubernetesClient client) {
        out.printf("[bench] creating %d Services in cluster-1/%s (not timed)%n", exports, NAMESPACE);
        for (int i = 0; i < exports; i++) {
            client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name(i))
                    .endMetadata().withNewSpec().withSelector(Map.of("app", name(i))).addNewPort().withName("http")
                    .withProtocol("TCP").withPort(8080).withTargetPort(new IntOrString(8080)).endPort().endSpec()
                    .build()).create();
        }
    }

    private static String name(int i) {
        return String.format("svc-%03d", i);
    }

    /** Creates the exports; returns name to the time just before its create call. */
    private Map<String, Long> createExports(KubernetesClient client) throws InterruptedException {
        Map<String, Long> created = new LinkedHashMap<>();
        out.printf("[bench] creating %d ServiceExports in cluster-1/%s %s%n", exports, NAMESPACE,
                rate > 0 ? "at " + rate + "/s" : "back to back");
        long start = System.nanoTime();
        for (int i = 0; i < exports; i++) {
            String name = name(i);
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            created.put(name, System.nanoTime());
            ServiceExport export = new ServiceExport();
            export.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name)
                    .withAnnotations(Map.of(WANPolicy.ANNOTATION, "sd-wan-priority-high")).build());
            client.resources(ServiceExport.class).inNamespace(NAMESPACE).resource(export).create();
        }
        return created;
    }

    private void report(LatencyStats stats, boolean complete, Duration creating, double load) throws IOException {
        double createSeconds = creating.toMillis() / 1000.0;
        out.println();
        out.printf(Locale.ROOT, "[bench] export-to-import latency, cluster-1 -> cluster-2: %d exports created %s in"
                + " %.1f s%n", exports, rate > 0 ? "at " + rate + "/s" : "back to back (latency includes queueing)",
                createSeconds);
        out.printf(Locale.ROOT, "[bench] count %d of %d, p50 %.0f ms, p99 %.0f ms, max %.0f ms%s%n", stats.count(),
                exports, stats.p50Ms(), stats.p99Ms(), stats.maxMs(), complete ? "" : " (INCOMPLETE: timed out)");
        String header = "| date | machine | exports | rate | created in (s) | imported | p50 (ms) | p99 (ms) | max (ms) |\n"
                + "|---|---|---|---|---|---|---|---|---|";
        String row = String.format(Locale.ROOT, "| %s | %s, load %.1f | %d | %s | %.1f | %d | %.0f | %.0f | %.0f |",
                LocalDate.now(), machine(), load, exports, rate > 0 ? rate + "/s" : "burst", createSeconds, stats.count(),
                stats.p50Ms(), stats.p99Ms(),
                stats.maxMs());
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

    private static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", Java " + System.getProperty("java.version");
    }

    /** Records when each ServiceImport was first seen. */
    private static final class Arrivals implements ResourceEventHandler<ServiceImport> {
        private final Map<String, Long> arrived;
        private final CountDownLatch allArrived;

        Arrivals(Map<String, Long> arrived, CountDownLatch allArrived) {
            this.arrived = Objects.requireNonNull(arrived);
            this.allArrived = allArrived;
        }

        @Override
        public void onAdd(ServiceImport serviceImport) {
            if (arrived.putIfAbsent(serviceImport.getMetadata().getName(), System.nanoTime()) == null) {
                allArrived.countDown();
            }
        }

        @Override
        public void onUpdate(ServiceImport oldImport, ServiceImport newImport) {
            onAdd(newImport);
        }

        @Override
        public void onDelete(ServiceImport serviceImport, boolean deletedFinalStateUnknown) {
            // a deletion says nothing about when the import arrived
        }
    }
}

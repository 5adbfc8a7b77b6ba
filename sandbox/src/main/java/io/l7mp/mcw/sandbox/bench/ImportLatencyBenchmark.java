package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.header.Header;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.RequestStats;
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
    /** The objects that warm the watches: no export has this name. */
    private static final String WARM_UP = "warm-up";

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

    @Option(names = "--per-export", paramLabel = "N", defaultValue = "10", description = "Print the moments of the first N exports (default: ${DEFAULT-VALUE}).")
    int perExport;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new ImportLatencyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // the API servers in JVMs of their own: their work and this benchmark's watches do not share a JVM
        SandboxOptions options = SandboxOptions.defaults().withServices(SandboxOptions.CONTROL_PLANE).withClusters(2)
                .withApiServersOutOfProcess(true);
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
            PropagationTimeline timeline = new PropagationTimeline();
            try (SharedIndexInformer<ServiceImport> informer = importer.resources(ServiceImport.class)
                    .inNamespace(NAMESPACE).inform(new Arrivals(arrived, allArrived, timeline));
                    SharedIndexInformer<Service> services = importer.services().inNamespace(NAMESPACE)
                            .inform(seen(timeline, PropagationTimeline.Moment.SERVICE));
                    SharedIndexInformer<EndpointSlice> slices = importer.discovery().v1().endpointSlices()
                            .inNamespace(NAMESPACE).inform(seen(timeline, PropagationTimeline.Moment.SLICE))) {
                await("the watches on cluster-2").atMost(Duration.ofSeconds(30))
                        .until(() -> informer.hasSynced() && services.hasSynced() && slices.hasSynced());
                createServices(exporter);
                warmUp(exporter);
                warmWatches(importer, timeline);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                sandbox.clusters().forEach(c -> sandbox.apiServer(c).resetRequestStats());
                long createStart = System.nanoTime();
                Map<String, Long> created = createExports(exporter);
                Duration creating = Duration.ofNanos(System.nanoTime() - createStart);
                boolean complete = allArrived.await(timeoutSeconds, TimeUnit.SECONDS);
                LatencyStats stats = LatencyStats.of(created, arrived);
                created.forEach((name, nanos) -> timeline.reached(name, PropagationTimeline.Moment.CREATED,
                        timeline.wall(nanos)));
                await("the import events on the bus").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> busMoments(sandbox.bootstrapServers(), timeline) >= stats.count());
                report(stats, complete, creating, load);
                timeline.print(out, List.copyOf(created.keySet()), perExport);
                printServiceFigures(sandbox);
                sandbox.clusters().forEach(c -> printStandIn(c, sandbox.apiServer(c).requestStats()));
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

    /**
     * Warms this benchmark's own client on paths the exports will take (an HTTP request to the API server, the
     * ServiceExport's JSON both ways) without creating anything the services would see: a cold client would add its own
     * start-up to the first export's figure.
     */
    private static void warmUp(KubernetesClient client) {
        ServiceExport sample = new ServiceExport();
        sample.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName("warm-up")
                .withAnnotations(Map.of(WANPolicy.ANNOTATION, "sd-wan-priority-high")).build());
        String json = client.getKubernetesSerialization().asJson(sample);
        client.getKubernetesSerialization().unmarshal(json, ServiceExport.class);
        for (int i = 0; i < 20; i++) {
            client.resources(ServiceExport.class).inNamespace(NAMESPACE).withName("warm-up").get();
            client.resources(ServiceExport.class).inNamespace(NAMESPACE).list();
        }
    }

    /**
     * Warms this benchmark's watches on cluster-2 (the decoding and delivery of their events): a Service, an
     * EndpointSlice and a ServiceImport named {@code warm-up}, which no export names, are created until each watch has
     * delivered one, and deleted. The import-service sees a ServiceImport it does not own and leaves it alone.
     */
    private static void warmWatches(KubernetesClient client, PropagationTimeline timeline) {
        String name = WARM_UP;
        Map<String, String> labels = Map.of(Mcs.LABEL_SERVICE_NAME, name);
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .withLabels(labels).endMetadata().withNewSpec().addNewPort().withName("http").withProtocol("TCP")
                .withPort(8080).endPort().endSpec().build()).create();
        client.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .withLabels(labels).endMetadata().withAddressType("IPv4").build()).create();
        ServiceImport serviceImport = new ServiceImport();
        serviceImport.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
        ServiceImportSpec spec = new ServiceImportSpec();
        spec.setType("ClusterSetIP");
        ServiceImportPort port = new ServiceImportPort();
        port.setName("http");
        port.setProtocol("TCP");
        port.setPort(8080);
        spec.setPorts(List.of(port));
        serviceImport.setSpec(spec);
        client.resource(serviceImport).create();
        await("the watches on cluster-2 to deliver the warm-up objects").atMost(Duration.ofSeconds(30))
                .until(() -> timeline.reached(name).size() >= 3);
        client.services().inNamespace(NAMESPACE).withName(name).delete();
        client.discovery().v1().endpointSlices().inNamespace(NAMESPACE).withName(name).delete();
        client.resources(ServiceImport.class).inNamespace(NAMESPACE).withName(name).delete();
    }

    /**
     * The import-service's own figures of the run, from its metrics (mean and count over the run): the bus' share
     * (an export event's time to its receipt by cluster-2's import-service) and the whole way to "applied".
     */
    private void printServiceFigures(Sandbox sandbox) {
        URI metrics = URI.create("http://127.0.0.1:" + sandbox.httpPort("cluster-2", "import-service") + "/q/metrics");
        try {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            out.println("[bench] cluster-2's import-service, its own metrics over the run (mean of n):");
            for (String metric : List.of("mcw_events_receive_lag_seconds", "mcw_events_propagation_seconds")) {
                double sum = sample(text, metric + "_sum");
                double count = sample(text, metric + "_count");
                out.printf(Locale.ROOT, "[bench]   %-32s mean %.1f ms (n %.0f)  %s%n", metric,
                        count == 0 ? Double.NaN : sum / count * 1000, count,
                        metric.contains("receive") ? "export event time -> read by import-service (the bus)"
                                : "export event time -> its reconciliation applied");
            }
        } catch (IOException e) {
            out.println("[bench] cannot read the import-service's metrics: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The value of the exports topic's series of {@code name} in a Prometheus text page; 0 when absent. */
    private static double sample(String text, String name) {
        return text.lines().filter(l -> l.startsWith(name + "{") && l.contains("topic=\"" + Topics.EXPORTS + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * The stand-in API server's own share: per verb and kind of the writes (and reads) it served during the run, the
     * count and mean and longest server-side time. A real API server's figures (etcd writes, admission) would replace
     * these in the totals above.
     */
    private void printStandIn(String cluster, RequestStats stats) {
        out.printf(Locale.ROOT, "[bench] API server stand-in of %s (server-side time per request, its own JVM):%n",
                cluster);
        stats.requests().stream().filter(t -> !"watch".equals(t.verb()) && !"nonresource".equals(t.kind()))
                .forEach(t -> out.printf(Locale.ROOT, "[bench]   %-7s %-40s %5d requests, mean %.2f ms, max %.2f ms%n",
                        t.verb(), t.kind(), t.count(), t.meanNanos() / 1e6, t.maxNanos() / 1e6));
    }

    /** Marks the object's import name (itself, or its {@code multicluster.kubernetes.io/service-name}) at a moment. */
    private static <T extends HasMetadata> ResourceEventHandler<T> seen(PropagationTimeline timeline,
            PropagationTimeline.Moment moment) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                String name = object.getMetadata().getLabels() == null ? null
                        : object.getMetadata().getLabels().get(Mcs.LABEL_SERVICE_NAME);
                if (name != null) {
                    timeline.reachedNow(name, moment);
                }
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                // the first write is the moment
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                // nothing to time
            }
        };
    }

    /**
     * Reads the export events of cluster-1 and the import events of cluster-2 for the benchmark's namespace from the
     * bus and marks their CloudEvent times: the first of each key at or after its export's create call.
     *
     * @return how many exports have their import event
     */
    private static int busMoments(String bootstrap, PropagationTimeline timeline) {
        bus(bootstrap, Topics.EXPORTS, "cluster-1/" + NAMESPACE + "/", PropagationTimeline.Moment.EXPORT_PUBLISHED,
                timeline);
        return bus(bootstrap, Topics.IMPORTS, "cluster-2/" + NAMESPACE + "/",
                PropagationTimeline.Moment.IMPORT_PUBLISHED, timeline);
    }

    private static int bus(String bootstrap, String topic, String prefix, PropagationTimeline.Moment moment,
            PropagationTimeline timeline) {
        Map<String, Instant> first = new HashMap<>();
        TopicRecords.readAll(bootstrap, topic, record -> {
            Header time = record.headers().lastHeader(CloudEventAttributes.H_TIME);
            if (record.key() != null && record.key().startsWith(prefix) && record.value() != null && time != null) {
                String name = record.key().substring(prefix.length());
                if (timeline.reached(name).contains(PropagationTimeline.Moment.CREATED)) {
                    first.putIfAbsent(name, Instant.parse(new String(time.value(), StandardCharsets.UTF_8)));
                }
            }
        });
        first.forEach((name, at) -> timeline.reached(name, moment, at));
        return first.size();
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
        private final PropagationTimeline timeline;

        Arrivals(Map<String, Long> arrived, CountDownLatch allArrived, PropagationTimeline timeline) {
            this.arrived = Objects.requireNonNull(arrived);
            this.allArrived = allArrived;
            this.timeline = timeline;
        }

        @Override
        public void onAdd(ServiceImport serviceImport) {
            long now = System.nanoTime();
            String name = serviceImport.getMetadata().getName();
            if (WARM_UP.equals(name)) {
                timeline.reached(name, PropagationTimeline.Moment.IMPORT, timeline.wall(now));
                return;
            }
            if (arrived.putIfAbsent(name, now) == null) {
                timeline.reached(name, PropagationTimeline.Moment.IMPORT, timeline.wall(now));
                allArrived.countDown();
            }
            if (serviceImport.getStatus() != null && serviceImport.getStatus().getConditions() != null
                    && !serviceImport.getStatus().getConditions().isEmpty()) {
                timeline.reachedNow(name, PropagationTimeline.Moment.STATUS);
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

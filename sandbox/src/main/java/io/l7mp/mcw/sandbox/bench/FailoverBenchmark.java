package io.l7mp.mcw.sandbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.ServiceProcess;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Target;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.wan.WanPath;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Failover under load (issue 10): a sandbox of two clusters with every service, cluster-1 exporting {@code payment}
 * with the business policy (failover to internet, hold-down), cluster-2 sending it steady GETs (open loop) through
 * its gateway, and the WAN emulator cutting the business tunnel from cluster-2 to cluster-1 again and again: first
 * with blackhole cuts, then with reset cuts. Per cut it takes from the event bus: detection (cut to the tunnel health
 * event that says DOWN: the probes' verdict), switch (cut to cluster-2's gateway event that moved the traffic off
 * business: no request is sent on business after it) and failback (restore to the switch back), and from the load
 * generator the requests that failed. Prints p50/p99/max of each and the probe traffic, the telemetry-service's CPU
 * and memory, as markdown for docs/benchmarks.md.
 */
@Command(name = "sandbox-bench-failover", sortOptions = false, usageHelpAutoWidth = true, description = {
        "Cuts the business tunnel from cluster-2 to cluster-1 under steady load, with blackhole then reset cuts,",
        "and reports detection, switch and failback times and failed requests (p50/p99/max)." })
public final class FailoverBenchmark implements Callable<Integer> {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String NS = "secure";
    private static final String HIGH = "sd-wan-priority-high";
    /** A probe on the wire: 40 bytes of payload, 8 of UDP header, 20 of IPv4 header. */
    private static final int PROBE_WIRE_BYTES = 68;

    @Option(names = "--cuts", paramLabel = "N", defaultValue = "20", description = "Cuts of each kind (default: ${DEFAULT-VALUE}).")
    int cuts;

    @Option(names = "--rate", paramLabel = "RPS", defaultValue = "1000", description = "GETs per second from cluster-2 (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--cut-seconds", paramLabel = "S", defaultValue = "2", description = "How long each cut lasts (default: ${DEFAULT-VALUE}).")
    int cutSeconds;

    @Option(names = "--hold-down", paramLabel = "S", defaultValue = "3", description = "The policy's failover hold-down (default: ${DEFAULT-VALUE}).")
    int holdDownSeconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64", description = "Keep-alive connections of the load (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--warm-up", paramLabel = "S", defaultValue = "20", description = "Unmeasured load before the first cut (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--append-to", paramLabel = "FILE", description = "Also append the markdown to FILE.")
    Path appendTo;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** One cut: when it began and ended (wall clock) and the requests that failed because of it. */
    private record Cut(String kind, int number, Instant cutAt, Instant restoredAt, long failed) {
    }

    /** The figures of one cut, in milliseconds; NaN where the event never came. */
    private record Measured(double detectionMs, double switchMs, double failbackMs, long failed) {
    }

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new FailoverBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (cuts <= 0 || rate <= 0 || cutSeconds <= 0 || holdDownSeconds < 0 || connections <= 0) {
            out.println("[bench] --cuts, --rate, --cut-seconds and --connections must be positive");
            return 2;
        }
        SandboxOptions options = SandboxOptions.defaults().withClusters(2)
                .withWorkDir(SandboxOptions.defaults().repoRoot().resolve("sandbox/target/bench-failover"));
        try (HttpBackend payment = HttpBackend.start("payment");
                Sandbox sandbox = Sandbox.start(options);
                LoadGenerator generator = new LoadGenerator(Duration.ofMillis(100))) {
            int egress = setUp(sandbox, payment);
            Target target = new Target("payment", sandbox.address(C2), egress, "payment." + NS
                    + ".svc.clusterset.local", "/bytes/256");
            out.printf("[bench] warm-up: %d s at %d req/s%n", warmUpSeconds, rate);
            generator.openLoop(target, rate, Duration.ofSeconds(warmUpSeconds), connections);

            ConcurrentLinkedQueue<Long> failures = new ConcurrentLinkedQueue<>();
            generator.onError(failures::add);
            ServiceProcess telemetry = sandbox.process(C2, "telemetry-service");
            long telemetryCpuBefore = cpuNanos(telemetry);
            double probesBefore = metric(sandbox, C2, "telemetry-service", "mcw_tunnel_probes_sent_total{");
            long wallBefore = System.nanoTime();
            double loadBefore = load();
            // far longer than the cuts take: stopped when they are done
            CompletableFuture<Result> load = CompletableFuture.supplyAsync(() -> generator.openLoop(target, rate,
                    Duration.ofHours(1), connections));
            List<Cut> done = new ArrayList<>();
            for (String kind : List.of("blackhole", "reset")) {
                for (int i = 1; i <= cuts; i++) {
                    done.add(cut(sandbox, kind, i, failures));
                }
            }
            generator.stop();
            Result result = load.join();
            double seconds = (System.nanoTime() - wallBefore) / 1e9;
            double telemetryCpuPercent = 100.0 * (cpuNanos(telemetry) - telemetryCpuBefore) / (seconds * 1e9);
            double probesPerSecond = (metric(sandbox, C2, "telemetry-service", "mcw_tunnel_probes_sent_total{")
                    - probesBefore) / seconds;
            long rssKiB = rssKiB(telemetry.pid());
            int tunnels = (int) Math.round(metric(sandbox, C2, "telemetry-service", "mcw_tunnel_state{",
                    "state=\"up\"")
                    + metric(sandbox, C2, "telemetry-service", "mcw_tunnel_state{",
                            "state=\"degraded\""));

            List<TunnelHealthEvent> health = read(sandbox.bootstrapServers(), Topics.TUNNEL_HEALTH,
                    TunnelHealthEvent.class);
            List<GatewayEvent> gateway = read(sandbox.bootstrapServers(), Topics.GATEWAY_EVENTS, GatewayEvent.class);
            String markdown = report(done, health, gateway, result, seconds, loadBefore, load(), telemetryCpuPercent,
                    probesPerSecond, tunnels, rssKiB);
            out.println();
            out.println(markdown);
            if (appendTo != null) {
                Files.writeString(appendTo, markdown + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.println("[bench] appended to " + appendTo);
            }
            return 0;
        }
    }

    /** The policies, payment in cluster-1 with its backend and export; returns cluster-2's egress port for it. */
    private int setUp(Sandbox sandbox, HttpBackend payment) throws InterruptedException {
        String policies = """
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata: {name: sd-wan-priority-high}
                spec:
                  tunnel: business
                  port: 31111
                  sla: {latency-ms: 100, jitter-ms: 50, loss-percent: 1}
                  failover: {policies: [sd-wan-priority-low], hold-down-seconds: %d}
                ---
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata: {name: sd-wan-priority-low}
                spec:
                  tunnel: internet
                  port: 31112
                  sla: {latency-ms: 300, jitter-ms: 100, loss-percent: 5}
                """.formatted(holdDownSeconds);
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), policies);
            ServiceLevelScenario.ensureNamespace(sandbox.client(cluster), NS);
        }
        KubernetesClient c1 = sandbox.client(C1);
        c1.resource(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName("payment").endMetadata()
                .withNewSpec().addNewPort().withName("http").withProtocol("TCP").withPort(8080)
                .withTargetPort(new IntOrString(payment.port())).endPort().endSpec().build()).create();
        c1.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace(NS).withName("payment-1")
                .withLabels(Map.of("kubernetes.io/service-name", "payment")).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(payment.port()).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        ServiceExport export = new ServiceExport();
        export.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("payment")
                .withAnnotations(Map.of(WANPolicy.ANNOTATION, HIGH)).build());
        c1.resources(ServiceExport.class).inNamespace(NS).resource(export).create();
        int egress = 0;
        for (long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos(); egress == 0;) {
            egress = egressPort(sandbox);
            if (egress == 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cluster-2 did not import secure/payment within 2 minutes");
                }
                Thread.sleep(200);
            }
        }
        awaitChoice(sandbox, "preferred", Duration.ofMinutes(2));
        out.printf("[bench] cluster-2 imports secure/payment on egress port %d, on business%n", egress);
        return egress;
    }

    /** One cut of {@code kind}: cut, hold, restore, and wait until the traffic is back on business. */
    private Cut cut(Sandbox sandbox, String kind, int number, ConcurrentLinkedQueue<Long> failures)
            throws InterruptedException {
        awaitChoice(sandbox, "preferred", Duration.ofSeconds(60));
        WanPath business = sandbox.wan().path(C2, C1, "business");
        failures.clear();
        Instant cutAt = Instant.now();
        if ("blackhole".equals(kind)) {
            business.blackhole();
        } else {
            business.reset();
        }
        Thread.sleep(cutSeconds * 1000L);
        Instant restoredAt = Instant.now();
        business.restore();
        awaitChoice(sandbox, "preferred", Duration.ofSeconds(60));
        // answers still in flight at the failback
        Thread.sleep(500);
        long failed = failures.size();
        out.printf("[bench] %s cut %d: %d failed requests%n", kind, number, failed);
        return new Cut(kind, number, cutAt, restoredAt, failed);
    }

    private String report(List<Cut> cuts, List<TunnelHealthEvent> health, List<GatewayEvent> gateway, Result load,
            double seconds, double loadBefore, double loadAfter, double telemetryCpuPercent, double probesPerSecond,
            int tunnels, long rssKiB) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### Failover under load, %s%n%n", LocalDate.now()));
        md.append(String.format(Locale.ROOT, "`bin/sandbox-bench-failover --cuts %d --rate %d --cut-seconds %d "
                + "--hold-down %d`: two clusters (ten services, a broker, the WAN emulator) on this machine, %d cores;"
                + " load average %.2f before, %.2f after. %d GET/s open loop from cluster-2 over %d connections, "
                + "%d requests in %.0f s, %d failed in all, p50 %.2f ms, p99 %.2f ms.%n%n", this.cuts, rate,
                cutSeconds, holdDownSeconds, Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, rate,
                connections, load.ok() + load.errors(), seconds, load.errors(), load.p50Ms(), load.p99Ms()));
        md.append("| cuts | | detection (cut to DOWN event) | switch (cut to last request on business) "
                + "| failback (restore to switch back) | failed requests per cut |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (String kind : List.of("blackhole", "reset")) {
            List<Measured> measured = cuts.stream().filter(c -> c.kind().equals(kind))
                    .map(c -> measure(c, health, gateway)).toList();
            md.append(String.format(Locale.ROOT, "| %d %s | p50 / p99 / max | %s | %s | %s | %s |%n",
                    measured.size(), kind,
                    stats(measured.stream().mapToDouble(Measured::detectionMs).toArray()),
                    stats(measured.stream().mapToDouble(Measured::switchMs).toArray()),
                    stats(measured.stream().mapToDouble(Measured::failbackMs).toArray()),
                    stats(measured.stream().mapToDouble(m -> m.failed()).toArray()).replace(" ms", "")));
        }
        md.append(String.format(Locale.ROOT, "%nProbes: %.0f probes/s from cluster-2's telemetry-service over %d "
                + "tunnels (%.0f per tunnel), each answered: %.0f B/s (%.1f kbit/s) on the wire each way per tunnel "
                + "(%d-byte IPv4 datagrams). telemetry-service: %.1f %% of a core, RSS %d MiB.%n", probesPerSecond,
                tunnels, probesPerSecond / Math.max(1, tunnels), probesPerSecond / Math.max(1, tunnels)
                        * PROBE_WIRE_BYTES,
                probesPerSecond / Math.max(1, tunnels) * PROBE_WIRE_BYTES * 8 / 1000,
                PROBE_WIRE_BYTES, telemetryCpuPercent, rssKiB / 1024));
        return md.toString();
    }

    private static Measured measure(Cut cut, List<TunnelHealthEvent> health, List<GatewayEvent> gateway) {
        Optional<Instant> down = health.stream()
                .filter(h -> h.sourceCluster().equals(C2) && h.destinationCluster().equals(C1)
                        && h.tunnel().equals("business") && h.state() == TunnelState.DOWN
                        && !h.since().isBefore(cut.cutAt()))
                .map(TunnelHealthEvent::since).min(Instant::compareTo);
        Optional<Instant> switched = firstSwitch(gateway, cut.cutAt(), s -> s.fromTunnel().equals("business"));
        Optional<Instant> back = firstSwitch(gateway, cut.restoredAt(), s -> s.toTunnel().equals("business"));
        return new Measured(millis(cut.cutAt(), down), millis(cut.cutAt(), switched),
                millis(cut.restoredAt(), back), cut.failed());
    }

    private static Optional<Instant> firstSwitch(List<GatewayEvent> events, Instant after,
            Predicate<io.l7mp.mcw.api.event.TunnelSwitch> which) {
        return events.stream()
                .filter(e -> e.cluster().equals(C2) && GatewayEvent.TUNNEL_SWITCHED.equals(e.kind())
                        && !e.time().isBefore(after) && e.switched().destinationCluster().equals(C1)
                        && e.switched().policy().equals(HIGH) && which.test(e.switched()))
                .map(GatewayEvent::time).min(Instant::compareTo);
    }

    private static double millis(Instant from, Optional<Instant> to) {
        return to.map(t -> Duration.between(from, t).toNanos() / 1e6).orElse(Double.NaN);
    }

    /** p50 / p99 / max of the values, NaN ones (an event that never came) counted and left out. */
    static String stats(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        long missing = values.length - known.length;
        if (known.length == 0) {
            return "none";
        }
        String text = String.format(Locale.ROOT, "%s / %s / %s ms", round(rank(known, 50)), round(rank(known, 99)),
                round(known[known.length - 1]));
        return missing == 0 ? text : text + " (" + missing + " never)";
    }

    /** The nearest-rank percentile of sorted values. */
    static double rank(double[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String round(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** Every record of a topic, parsed; tombstones and records of another shape are skipped. */
    private static <T> List<T> read(String bootstrap, String topic, Class<T> type) {
        List<T> events = new ArrayList<>();
        TopicRecords.readAll(bootstrap, topic, record -> {
            if (record.value() != null) {
                try {
                    events.add(EventJson.read(record.value(), type));
                } catch (RuntimeException e) {
                    // not an event of this shape
                }
            }
        });
        return events;
    }

    private void awaitChoice(Sandbox sandbox, String kind, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!kind.equals(choice(sandbox))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cluster-2's gateway did not reach " + kind + " within " + within
                        + " (now " + choice(sandbox) + ")");
            }
            Thread.sleep(50);
        }
    }

    /** Why cluster-2's gateway sends the high policy's traffic to cluster-1 where it does, from its metrics. */
    private String choice(Sandbox sandbox) {
        for (String line : metrics(sandbox, C2, "gateway-service").split("\n")) {
            if (line.startsWith("mcw_gateway_tunnel_choice{") && line.contains("destination_cluster=\"" + C1 + "\"")
                    && line.contains("policy=\"" + HIGH + "\"") && line.endsWith(" 1.0")) {
                int start = line.indexOf("kind=\"") + 6;
                return line.substring(start, line.indexOf('"', start));
            }
        }
        return "none";
    }

    private double metric(Sandbox sandbox, String cluster, String service, String prefix, String... labels) {
        double sum = 0;
        for (String line : metrics(sandbox, cluster, service).split("\n")) {
            if (line.startsWith(prefix) && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private String metrics(Sandbox sandbox, String cluster, String service) {
        URI uri = URI.create("http://127.0.0.1:" + sandbox.httpPort(cluster, service) + "/q/metrics");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int egressPort(Sandbox sandbox) {
        ServiceImport imported = sandbox.client(C2).resources(ServiceImport.class).inNamespace(NS).withName("payment")
                .get();
        if (imported == null || imported.getMetadata().getAnnotations() == null) {
            return 0;
        }
        String annotation = imported.getMetadata().getAnnotations().get(ServiceImport.ANNOTATION_EGRESS_PORTS);
        return annotation == null || annotation.isBlank() ? 0
                : EgressPortAnnotation.parse(annotation).stream().mapToInt(EgressPort::egressPort).findFirst()
                        .orElse(0);
    }

    private static long cpuNanos(ServiceProcess process) {
        return ProcessHandle.of(process.pid()).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos)
                .orElse(0L);
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or gone
        }
        return 0;
    }

    private static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}

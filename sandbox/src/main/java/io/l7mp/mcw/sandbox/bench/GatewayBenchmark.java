package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

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
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Target;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The data plane's cost (issue 3, DESIGN D11): one HTTP backend answering 1 KiB, reached three ways in one run on
 * loopback:
 * <ul>
 * <li><b>direct</b>: the load generator to the backend;</li>
 * <li><b>mcw</b>: cluster-2's gateway (egress port of the import) to cluster-1's gateway (ingress on the WAN policy's
 * tunnel port) to the backend, the gateways running as processes of a two-cluster sandbox;</li>
 * <li><b>haproxy</b>: the same two hops through two HAProxy processes configured alike ({@link HaproxyPair}).</li>
 * </ul>
 * For each: the maximum throughput (closed loop), and p50/p99/p99.9 at fixed request rates (open loop, latency from
 * the intended send time). The phases are interleaved across the three targets so that drift in the machine's load
 * hits them alike. Prints a markdown table and the ratios docs/benchmarks.md reports. Run with
 * {@code bin/sandbox-bench-gateway}.
 */
@Command(name = "sandbox-bench-gateway", sortOptions = false, usageHelpAutoWidth = true, description = {
        "Measures the MCW gateway pair against a direct connection and an HAProxy pair: HTTP/1.1 keep-alive,",
        "1 KiB responses, maximum throughput and open-loop latency at fixed rates." })
public final class GatewayBenchmark implements Callable<Integer> {

    private static final String NAMESPACE = "bench";
    private static final String SERVICE = "payment";
    private static final String POLICY = "sd-wan-priority-high";
    private static final String CLIENT_CLUSTER = "cluster-2";
    private static final String SERVER_CLUSTER = "cluster-1";
    private static final String AUTHORITY = SERVICE + "." + NAMESPACE + ".svc.clusterset.local:8080";
    private static final List<String> SERVICES = List.of("policy-service", "export-service", "import-service",
            "gateway-service");

    @Option(names = "--rates", split = ",", paramLabel = "RPS", defaultValue = "1000,2000,4000", description = "Fixed request rates for the open-loop runs (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "60", description = "Closed-loop warm-up per target before measuring, so the JIT has compiled the gateway's hot path; on two busy cores C2 is still compiling after 15 s (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "10", description = "Each open-loop run first sends at its rate for this long without measuring, over the connections it then measures on (default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "32", description = "Keep-alive connections of the open-loop runs, and requests in flight of the closed-loop run (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--response-bytes", paramLabel = "N", defaultValue = "1024", description = "Size of every response body (default: ${DEFAULT-VALUE}).")
    int responseBytes;

    @Option(names = "--slow-ms", paramLabel = "MS", defaultValue = "50", description = {
            "Each open-loop run reports its requests slower than this: how many, and the bursts they came in, with how",
            "many connections each burst hit (all at once: a pause of the whole path; a few: connections held up)",
            "(default: ${DEFAULT-VALUE})." })
    long slowMillis;

    @Option(names = "--targets", split = ",", paramLabel = "NAME", defaultValue = "direct,mcw,haproxy", description = "Which of direct, mcw, haproxy to measure (default: ${DEFAULT-VALUE}).")
    List<String> targetNames;

    @Option(names = "--service-jvm-arg", paramLabel = "ARG", description = {
            "An extra JVM option of every service process, after the sandbox's own (repeatable),",
            "e.g. --service-jvm-arg=-XX:StartFlightRecording=filename=/tmp/jfr/,settings=profile to profile the gateways." })
    List<String> serviceJvmArgs = new ArrayList<>();

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Sandbox work directory (default: sandbox/target/bench-gateway under the repository root).")
    Path workDir;

    @Option(names = "--append-to", paramLabel = "FILE", description = "Also append the markdown table and ratios to FILE.")
    Path appendTo;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> unknown = targetNames.stream().filter(t -> !List.of("direct", "mcw", "haproxy").contains(t))
                .toList();
        if (!unknown.isEmpty() || targetNames.isEmpty()) {
            out.println("[bench] --targets: unknown " + unknown + ", expected some of direct, mcw, haproxy");
            return 2;
        }
        if (slowMillis <= 0) {
            out.println("[bench] --slow-ms: " + slowMillis + " is not a duration, expected a positive number of milliseconds");
            return 2;
        }
        Optional<Path> haproxy = HaproxyPair.find();
        if (targetNames.contains("haproxy") && haproxy.isEmpty()) {
            out.println("[bench] haproxy is not installed: bin/sandbox-bench-gateway installs Debian's haproxy package,"
                    + " or leave it out with --targets direct,mcw");
            return 2;
        }
        SandboxOptions options = SandboxOptions.defaults().withServices(SERVICES).withClusters(2);
        List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
        jvmArgs.addAll(serviceJvmArgs);
        options = options.withJvmArgs(jvmArgs);
        options = options.withWorkDir(workDir != null ? workDir.toAbsolutePath()
                : options.repoRoot().resolve("sandbox").resolve("target").resolve("bench-gateway"));

        // HAProxy first: a configuration it refuses should fail the run before the sandbox's minute of start-up
        try (HttpBackend backend = HttpBackend.start(SERVICE);
                HaproxyPair proxies = targetNames.contains("haproxy")
                        ? startHaproxy(haproxy.orElseThrow(), options.workDir(), backend)
                        : null;
                Sandbox sandbox = targetNames.contains("mcw") ? Sandbox.start(options) : null;
                LoadGenerator generator = new LoadGenerator(Duration.ofMillis(slowMillis))) {
            String path = "/bytes/" + responseBytes;
            Map<String, Target> targets = new LinkedHashMap<>();
            if (targetNames.contains("direct")) {
                targets.put("direct", new Target("direct", "127.0.0.1", backend.port(), "127.0.0.1", path));
            }
            if (sandbox != null) {
                int egress = exportAndImport(sandbox, backend.port());
                targets.put("mcw", new Target("mcw", sandbox.address(CLIENT_CLUSTER), egress, AUTHORITY, path));
            }
            if (proxies != null) {
                HaproxyPair.Layout layout = proxies.layout();
                targets.put("haproxy", new Target("haproxy", layout.egressHost(), layout.egressPort(), AUTHORITY, path));
            }
            for (Target target : targets.values()) {
                checkAnswers(target);
            }
            Map<String, List<ProcessHandle>> proxyProcesses = new LinkedHashMap<>();
            if (sandbox != null) {
                proxyProcesses.put("mcw", List.of(gateway(sandbox, SERVER_CLUSTER), gateway(sandbox, CLIENT_CLUSTER)));
            }
            if (proxies != null) {
                proxyProcesses.put("haproxy", proxies.processes());
            }
            return measure(generator, targets, proxyProcesses);
        }
    }

    private static ProcessHandle gateway(Sandbox sandbox, String cluster) {
        long pid = sandbox.process(cluster, "gateway-service").pid();
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("gateway-service of " + cluster
                + " (pid " + pid + ") is not running"));
    }

    /** CPU time the processes have used so far, in nanoseconds. */
    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    /**
     * Runs one measurement and the CPU time the target's proxies spent on it, per request, in all and in user mode (the
     * rest is the kernel's, mostly the system calls every proxy makes): an open loop's settling requests (at the same
     * rate) are counted in, since the CPU time covers them too.
     */
    private BenchmarkReport.Row run(Target target, List<ProcessHandle> processes,
            Supplier<Result> measurement) {
        long before = cpuNanos(processes);
        Optional<ProcessCpu.Ticks> ticksBefore = ProcessCpu.of(processes);
        Result result = print(measurement.get());
        double requests = result.offeredRps() > 0
                ? result.ok() * (double) (settleSeconds + durationSeconds) / durationSeconds
                : result.ok();
        double cpu = processes.isEmpty() || result.ok() == 0 ? Double.NaN
                : (cpuNanos(processes) - before) / 1000.0 / requests;
        double user = ticksBefore.flatMap(b -> ProcessCpu.of(processes).map(after -> after.minus(b).userShare()))
                .map(share -> cpu * share).orElse(Double.NaN);
        if (!Double.isNaN(cpu)) {
            out.printf(Locale.ROOT, "[bench]   %s proxy CPU: %.0f µs per request (user %.0f, system %.0f)%n",
                    target.name(), cpu, user, cpu - user);
        }
        return new BenchmarkReport.Row(result, cpu, user);
    }

    private int measure(LoadGenerator generator, Map<String, Target> targets,
            Map<String, List<ProcessHandle>> proxyProcesses) throws IOException {
        Duration duration = Duration.ofSeconds(durationSeconds);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        for (Target target : targets.values()) {
            out.printf("[bench] warm-up %s: %d s, %d in flight%n", target.name(), warmUpSeconds, connections);
            generator.closedLoop(target, connections, Duration.ofSeconds(warmUpSeconds));
        }
        List<BenchmarkReport.Row> rows = new ArrayList<>();
        for (int rate : rates) {
            for (Target target : targets.values()) {
                out.printf("[bench] %s at %d req/s for %d s after %d s to settle (open loop, %d connections)%n",
                        target.name(), rate, durationSeconds, settleSeconds, connections);
                rows.add(run(target, proxyProcesses.getOrDefault(target.name(), List.of()),
                        () -> generator.openLoop(target, rate, Duration.ofSeconds(settleSeconds), duration,
                                connections)));
            }
        }
        for (Target target : targets.values()) {
            out.printf("[bench] %s maximum throughput: %d s, %d in flight%n", target.name(), durationSeconds,
                    connections);
            rows.add(run(target, proxyProcesses.getOrDefault(target.name(), List.of()),
                    () -> generator.closedLoop(target, connections, duration)));
        }
        String report = BenchmarkReport.render(LocalDate.now(), machine(load), responseBytes, connections, rows);
        out.println();
        out.println(report);
        if (appendTo != null) {
            Files.writeString(appendTo, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.println("[bench] appended to " + appendTo);
        }
        return rows.stream().anyMatch(r -> r.result().ok() == 0) ? 1 : 0;
    }

    private Result print(Result result) {
        out.printf(Locale.ROOT, "[bench]   %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms,"
                + " %d errors%n", result.target(), result.achievedRps(), result.p50Ms(), result.p99Ms(),
                result.p999Ms(), result.maxMs(), result.errors());
        if (result.offeredRps() > 0) {
            out.printf("[bench]   %s: %s%n", result.target(), result.slow().summary(3));
        }
        return result;
    }

    /** Exports the backend from cluster-1 and returns the egress port cluster-2's gateway opened for its import. */
    private int exportAndImport(Sandbox sandbox, int backendPort) {
        Path policies = sandbox.repoRoot().resolve("k8s/examples/service-level/wanpolicies.yaml");
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), policies);
            ServiceLevelScenario.ensureNamespace(sandbox.client(cluster), NAMESPACE);
        }
        KubernetesClient server = sandbox.client(SERVER_CLUSTER);
        server.resource(new ServiceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE).endMetadata()
                .withNewSpec().withSelector(Map.of("app", SERVICE))
                .addNewPort().withName("http").withProtocol("TCP").withPort(8080)
                .withTargetPort(new IntOrString(backendPort)).endPort()
                .endSpec().build()).create();
        server.resource(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(SERVICE + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", SERVICE)).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(backendPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        ServiceExport export = new ServiceExport();
        export.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(SERVICE)
                .withAnnotations(Map.of(WANPolicy.ANNOTATION, POLICY)).build());
        server.resources(ServiceExport.class).inNamespace(NAMESPACE).resource(export).create();

        out.printf("[bench] exported %s/%s from %s with %s; waiting for %s's import and egress port%n", NAMESPACE,
                SERVICE, SERVER_CLUSTER, POLICY, CLIENT_CLUSTER);
        KubernetesClient client = sandbox.client(CLIENT_CLUSTER);
        return await("the egress port of " + NAMESPACE + "/" + SERVICE + " in " + CLIENT_CLUSTER)
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> egressPort(client), port -> port > 0);
    }

    private static int egressPort(KubernetesClient client) {
        ServiceImport serviceImport = client.resources(ServiceImport.class).inNamespace(NAMESPACE).withName(SERVICE)
                .get();
        if (serviceImport == null || serviceImport.getMetadata().getAnnotations() == null) {
            return 0;
        }
        return EgressPortAnnotation.parse(serviceImport.getMetadata().getAnnotations()
                .get(ServiceImport.ANNOTATION_EGRESS_PORTS)).stream()
                .filter(p -> "http".equals(p.name()))
                .mapToInt(EgressPort::egressPort)
                .findFirst().orElse(0);
    }

    private HaproxyPair startHaproxy(Path haproxy, Path workDir, HttpBackend backend)
            throws IOException, InterruptedException {
        // the addresses the sandbox gives the gateways, so both pairs cross the same loopback addresses
        String egressHost = Sandbox.addressOf(CLIENT_CLUSTER);
        String ingressHost = Sandbox.addressOf(SERVER_CLUSTER);
        HaproxyPair.Layout layout = new HaproxyPair.Layout(egressHost, freePort(egressHost), ingressHost,
                freePort(ingressHost), "127.0.0.1", backend.port(), CLIENT_CLUSTER);
        out.printf("[bench] starting the HAProxy pair: egress %s:%d -> ingress %s:%d -> backend 127.0.0.1:%d%n",
                egressHost, layout.egressPort(), ingressHost, layout.ingressPort(), backend.port());
        return HaproxyPair.start(haproxy, workDir.resolve("haproxy"), layout);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** One request through the target must answer 200 with the expected body size before anything is measured. */
    private void checkAnswers(Target target) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://" + target.host() + ":" + target.port() + target.path());
        await(target.name() + " answers " + uri).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5)).header("x-mcw-bench", "check").build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    return response.statusCode() == 200 && response.body().length == responseBytes;
                });
        out.printf("[bench] %s answers %s with %d bytes%n", target.name(), uri, responseBytes);
    }

    private static String machine(double load) {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, load %.1f",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), load);
    }
}

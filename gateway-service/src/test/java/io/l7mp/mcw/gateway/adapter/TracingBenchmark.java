package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.KafkaBroker;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;

/**
 * What tracing costs the gateway pair (issue 13, DESIGN D11; the figures are in docs/benchmarks.md): cluster-2's
 * gateway (the egress port of an import, on 127.0.0.22) to cluster-1's (the policy's tunnel port, on 127.0.0.21) to
 * one HTTP backend answering 1 KiB, both gateways the packaged service as separate processes, restarted for every
 * tracing setting:
 * <ul>
 * <li>{@code 1.0}, {@code 0.01}, {@code 0.0}: {@code quarkus.otel.traces.sampler.arg}, the ratio of new traces the
 * egress gateway samples (the ingress one follows it, parent-based); the load sends no traceparent;</li>
 * <li>{@code off}: {@code quarkus.otel.sdk.disabled=true}, the no-op API;</li>
 * <li>{@code before}: another build's jar ({@code --baseline-jar}), e.g. the code before the gateway made spans.</li>
 * </ul>
 * The settings alternate, each round starting one setting further, so drift in the machine's load hits them alike. Each run
 * warms the pair up
 * (closed loop), measures an open loop at a fixed rate and the maximum throughput (closed loop), and the CPU time both
 * gateway processes spent per request. Spans go to no backend (as with {@code mcw.tracing.zipkin-endpoint} unset):
 * the cost measured is making, recording and batching them, not a trace server's on two shared cores.
 * <p>
 * Nothing here binds the sandbox's fixed addresses (127.0.0.1/2:15080, 127.0.1.x:31111/31112): the broker and API
 * servers take free ports, the gateways 127.0.0.21 and 127.0.0.22 and free ports. Run with
 * {@code bin/bench-gateway-tracing}.
 */
public final class TracingBenchmark {
    private static final String SERVER_CLUSTER = "cluster-1";
    private static final String CLIENT_CLUSTER = "cluster-2";
    private static final String SERVER_ADDRESS = "127.0.0.21";
    private static final String CLIENT_ADDRESS = "127.0.0.22";
    private static final String AUTHORITY = "payment.bench.svc.clusterset.local:8080";
    private static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx160m", "-XX:+UseSerialGC");
    private static final Map<String, Map<String, String>> MODES = Map.of(
            "1.0", Map.of("quarkus.otel.traces.sampler.arg", "1.0"),
            "0.01", Map.of("quarkus.otel.traces.sampler.arg", "0.01"),
            "0.0", Map.of("quarkus.otel.traces.sampler.arg", "0.0"),
            "off", Map.of("quarkus.otel.sdk.disabled", "true"),
            "before", Map.of());

    private final PrintStream out = System.out;
    private List<String> modes = List.of("1.0", "0.01", "0.0", "off");
    private int rounds = 2;
    private int rate = 1000;
    private int durationSeconds = 20;
    private int settleSeconds = 5;
    private int warmUpSeconds = 30;
    private int connections = 32;
    private int responseBytes = 1024;
    private final List<String> jvmArgs = new ArrayList<>(DEFAULT_JVM_ARGS);
    private Path workDir;
    private Path appendTo;
    private Path baselineJar;

    /** One measured run of one setting. */
    record Row(int round, String mode, double load, BenchLoad.Result fixedRate, Cpu fixedRateCpu,
            BenchLoad.Result max, Cpu maxCpu) {
    }

    /** CPU time of the pair per request, in µs, all and in user mode. */
    record Cpu(double total, double user) {
    }

    public static void main(String[] args) throws Exception {
        // the broker and the API servers in this JVM log at INFO; the benchmark prints its own progress
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        TracingBenchmark benchmark = new TracingBenchmark();
        int exit = benchmark.parse(args);
        if (exit < 0) {
            exit = benchmark.run();
        }
        System.exit(exit);
    }

    /** @return -1 to run, else the exit code */
    private int parse(String[] args) {
        Path root = Path.of(System.getProperty("mcw.home", ".")).toAbsolutePath().normalize();
        workDir = root.resolve("gateway-service/target/bench-tracing");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.length ? args[i + 1]
                            : null;
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean consumed = !arg.contains("=");
            switch (name) {
                case "-h", "--help" -> {
                    out.println(HELP);
                    return 0;
                }
                case "--modes" -> modes = List.of(value.split(","));
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--rate" -> rate = Integer.parseInt(value);
                case "--duration" -> durationSeconds = Integer.parseInt(value);
                case "--settle" -> settleSeconds = Integer.parseInt(value);
                case "--warm-up" -> warmUpSeconds = Integer.parseInt(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--gateway-jvm-arg" -> jvmArgs.add(value);
                case "--work-dir" -> workDir = Path.of(value).toAbsolutePath();
                case "--append-to" -> appendTo = Path.of(value);
                case "--baseline-jar" -> baselineJar = Path.of(value).toAbsolutePath();
                default -> {
                    out.println("[bench] unknown option " + arg + "; --help lists them");
                    return 2;
                }
            }
            if (consumed) {
                i++;
            }
        }
        List<String> unknown = modes.stream().filter(m -> !MODES.containsKey(m)).toList();
        if (!unknown.isEmpty()) {
            out.println("[bench] --modes: unknown " + unknown + ", expected some of " + MODES.keySet());
            return 2;
        }
        if (modes.contains("before") != (baselineJar != null)) {
            out.println("[bench] the setting 'before' and --baseline-jar go together");
            return 2;
        }
        return -1;
    }

    private static final String HELP = """
            Usage: bin/bench-gateway-tracing [options]
            The gateway pair's cost of tracing: open loop at a fixed rate and maximum throughput, for each tracing
            setting, alternating round by round; prints a markdown table (docs/benchmarks.md).
              --modes LIST            tracing settings, of 1.0, 0.01, 0.0 (sampler ratio) and off (SDK disabled)
                                      (default: 1.0,0.01,0.0,off)
              --rounds N              rounds over the settings (default: 2)
              --rate RPS              the open loop's rate (default: 1000)
              --duration SECONDS      each measured run (default: 20)
              --settle SECONDS        the open loop sends this long at its rate before measuring (default: 5)
              --warm-up SECONDS       closed-loop warm-up of each pair before measuring (default: 30)
              --connections N         keep-alive connections, and requests in flight at maximum throughput
                                      (default: 32)
              --gateway-jvm-arg ARG   an extra JVM option of both gateways (repeatable); they run with
                                      -Xmx160m -XX:+UseSerialGC as in the sandbox
              --work-dir DIR          logs and kubeconfigs (default: gateway-service/target/bench-tracing)
              --append-to FILE        also append the table to FILE
              --baseline-jar JAR      the quarkus-run.jar of another build of gateway-service, measured as the
                                      setting 'before' (e.g. the code before tracing, built from git archive)
              -h, --help              this help""";

    private int run() throws Exception {
        Path root = Path.of(System.getProperty("mcw.home", ".")).toAbsolutePath().normalize();
        Path jar = root.resolve("gateway-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            out.println("[bench] " + jar + " is missing: ./mvnw -B install -DskipTests -pl gateway-service -am");
            return 2;
        }
        Files.createDirectories(workDir);
        int ingressPort = freePort(SERVER_ADDRESS);
        int egressPort = freePort(CLIENT_ADDRESS);
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Instant started = Instant.now();
        try (KafkaBroker broker = KafkaBroker.start();
                ApiServer serverApi = ApiServer.start(SERVER_CLUSTER);
                ApiServer clientApi = ApiServer.start(CLIENT_CLUSTER);
                HttpBackend backend = HttpBackend.start("payment");
                BenchLoad load = new BenchLoad()) {
            clusters(broker, serverApi, clientApi, backend, ingressPort, egressPort);
            Map<String, Path> kubeconfigs = Map.of(
                    SERVER_CLUSTER, ApiServer.writeKubeconfig(workDir.resolve("cluster-1.kubeconfig"), List.of(serverApi)),
                    CLIENT_CLUSTER, ApiServer.writeKubeconfig(workDir.resolve("cluster-2.kubeconfig"), List.of(clientApi)));
            BenchLoad.Target target = new BenchLoad.Target(CLIENT_ADDRESS, egressPort, AUTHORITY,
                    "/bytes/" + responseBytes);
            List<Row> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // each round starts one setting further, so that no setting always runs first or last
                for (int i = 0; i < modes.size(); i++) {
                    String mode = modes.get((i + round - 1) % modes.size());
                    rows.add(measure(round, mode, "before".equals(mode) ? baselineJar : jar, broker.bootstrapServers(),
                            kubeconfigs, load, target));
                }
            }
            String report = report(started, loadAtStart, rows);
            out.println();
            out.println(report);
            if (appendTo != null) {
                Files.writeString(appendTo, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.println("[bench] appended to " + appendTo);
            }
            return rows.stream().anyMatch(r -> r.max().ok() == 0) ? 1 : 0;
        }
    }

    /** Exports the backend from cluster-1 with a policy of its own and imports it in cluster-2. */
    private void clusters(KafkaBroker broker, ApiServer serverApi, ApiServer clientApi, HttpBackend backend,
            int ingressPort, int egressPort) {
        try (KubernetesClient server = serverApi.client(); KubernetesClient client = clientApi.client()) {
            YamlApplier.apply(server, namespaces("bench") + service("bench", "payment", "http", 8080, backend.port()));
            YamlApplier.apply(client, namespaces("bench") + serviceImport("bench", "payment",
                    "http/TCP/8080=" + egressPort));
        }
        PolicyEvent policy = new PolicyEvent(SERVER_CLUSTER, "bench-high", "business", ingressPort,
                new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
        ExportEvent export = new ExportEvent(SERVER_CLUSTER, "bench", "payment", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(policy), SERVER_ADDRESS, 1,
                Instant.parse("2026-01-01T00:00:00Z"));
        try (TopicEvents events = new TopicEvents(broker.bootstrapServers())) {
            events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, SERVER_CLUSTER, EventJson.write(policy));
            events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, SERVER_CLUSTER, EventJson.write(export));
        }
        out.printf("[bench] %s exports bench/payment on %s:%d, %s imports it on %s:%d%n", SERVER_CLUSTER,
                SERVER_ADDRESS, ingressPort, CLIENT_CLUSTER, CLIENT_ADDRESS, egressPort);
    }

    private Row measure(int round, String mode, Path jar, String bootstrap, Map<String, Path> kubeconfigs,
            BenchLoad load, BenchLoad.Target target) throws IOException {
        out.printf("[bench] round %d, tracing %s: starting the gateway pair%n", round, mode);
        List<Process> gateways = new ArrayList<>();
        try {
            for (String cluster : List.of(SERVER_CLUSTER, CLIENT_CLUSTER)) {
                gateways.add(start(cluster, mode, round, jar, bootstrap, kubeconfigs.get(cluster)));
            }
            await("the pair answers " + target).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> load.status(target) == 200);
            List<ProcessHandle> handles = gateways.stream().map(Process::toHandle).toList();
            out.printf("[bench]   warm-up %d s, %d in flight%n", warmUpSeconds, connections);
            load.closedLoop(target, connections, Duration.ofSeconds(warmUpSeconds));
            double machineLoad = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            long[] before = cpu(handles);
            BenchLoad.Result fixed = load.openLoop(target, rate, Duration.ofSeconds(settleSeconds),
                    Duration.ofSeconds(durationSeconds), connections);
            Cpu fixedCpu = perRequest(before, cpu(handles), (double) rate * (settleSeconds + durationSeconds));
            print(mode, rate + " req/s", fixed, fixedCpu);
            before = cpu(handles);
            BenchLoad.Result max = load.closedLoop(target, connections, Duration.ofSeconds(durationSeconds));
            Cpu maxCpu = perRequest(before, cpu(handles), max.ok());
            print(mode, "maximum", max, maxCpu);
            return new Row(round, mode, machineLoad, fixed, fixedCpu, max, maxCpu);
        } finally {
            for (Process gateway : gateways) {
                gateway.destroy();
            }
            for (Process gateway : gateways) {
                try {
                    if (!gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                        gateway.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    gateway.destroyForcibly();
                }
            }
        }
    }

    /** A gateway of {@code cluster} as the sandbox runs it, on the cluster's own address, with {@code mode}. */
    private Process start(String cluster, String mode, int round, Path jar, String bootstrap, Path kubeconfig)
            throws IOException {
        String address = SERVER_CLUSTER.equals(cluster) ? SERVER_ADDRESS : CLIENT_ADDRESS;
        int httpPort = freePort("127.0.0.1");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", String.valueOf(httpPort));
        properties.put("mcw.cluster.name", cluster);
        properties.put("kafka.bootstrap.servers", bootstrap);
        properties.put("quarkus.kubernetes-client.trust-certs", "true");
        properties.put("mcw.gateway.ingress-host", address);
        properties.put("mcw.gateway.egress-host", address);
        properties.put("mcw.gateway.egress-http-port", "0");
        properties.put("mcw.network.wan-source-address", address);
        properties.put("mcw.network.allowed-cidrs", "127.0.0.0/8");
        properties.putAll(MODES.get(mode));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = workDir.resolve("round" + round + "-" + mode + "-" + cluster + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        Process process = builder.start();
        await(cluster + "'s gateway ready (log: " + log + ")").atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> process.isAlive() && ready(httpPort));
        return process;
    }

    private static boolean ready(int httpPort) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /** CPU nanoseconds of the processes: all, and in user mode (-1 when /proc cannot tell). */
    private static long[] cpu(List<ProcessHandle> processes) {
        long total = 0;
        long userTicks = 0;
        long allTicks = 0;
        for (ProcessHandle process : processes) {
            total += process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
                // utime and stime are fields 14 and 15; the command name before them may hold spaces
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                userTicks += Long.parseLong(fields[11]);
                allTicks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                allTicks = -1;
            }
        }
        return new long[] { total, userTicks, allTicks };
    }

    private static Cpu perRequest(long[] before, long[] after, double requests) {
        double total = (after[0] - before[0]) / 1000.0 / requests;
        long ticks = after[2] - before[2];
        double user = before[2] < 0 || after[2] < 0 || ticks <= 0 ? Double.NaN
                : total * (after[1] - before[1]) / ticks;
        return new Cpu(total, user);
    }

    private void print(String mode, String what, BenchLoad.Result result, Cpu cpu) {
        out.printf(Locale.ROOT, "[bench]   %s, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d errors;"
                + " pair CPU %.1f µs per request (user %.1f)%n", mode, what, result.achievedRps(), result.p50Ms(),
                result.p99Ms(), result.maxMs(), result.errors(), cpu.total(), cpu.user());
    }

    private String report(Instant started, double loadAtStart, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "#### %s UTC: %d cores, %s %s, Java %s, load %.1f at the start; gateways"
                + " %s; %d B responses, %d connections%n%n",
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(started),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), loadAtStart,
                String.join(" ", jvmArgs), responseBytes, connections));
        md.append("| round | tracing | load | p50 at ").append(rate).append(" req/s (ms) | p99 (ms) | pair CPU at ")
                .append(rate).append(" req/s (µs/req, user) | maximum (req/s) | pair CPU at maximum (µs/req, user)"
                        + " | errors |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.1f | %.2f | %.2f | %.0f (%.0f) | %.0f | %.1f (%.1f) | %d |%n",
                    r.round(), r.mode(), r.load(), r.fixedRate().p50Ms(), r.fixedRate().p99Ms(),
                    r.fixedRateCpu().total(), r.fixedRateCpu().user(), r.max().achievedRps(), r.maxCpu().total(),
                    r.maxCpu().user(), r.fixedRate().errors() + r.max().errors()));
        }
        md.append('\n').append(summary(rows));
        return md.toString();
    }

    /** Each setting's means over the rounds, against {@code off} when it was measured. */
    private String summary(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| tracing | maximum (req/s, mean) | vs off | pair CPU at maximum (µs/req) | vs off | pair CPU at ")
                .append(rate).append(" req/s (µs/req) | vs off |\n|---|---|---|---|---|---|---|\n");
        double[] off = means(rows, "off");
        for (String mode : modes) {
            double[] m = means(rows, mode);
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %.1f | %s | %.0f | %s |%n", mode, m[0],
                    ratio(m[0], off[0]), m[1], ratio(m[1], off[1]), m[2], ratio(m[2], off[2])));
        }
        return md.toString();
    }

    private static double[] means(List<Row> rows, String mode) {
        List<Row> of = rows.stream().filter(r -> r.mode().equals(mode)).toList();
        return new double[] { of.stream().mapToDouble(r -> r.max().achievedRps()).average().orElse(Double.NaN),
                of.stream().mapToDouble(r -> r.maxCpu().total()).average().orElse(Double.NaN),
                of.stream().mapToDouble(r -> r.fixedRateCpu().total()).average().orElse(Double.NaN) };
    }

    private static String ratio(double value, double base) {
        return Double.isNaN(base) || base == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", value / base);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }
}

package io.l7mp.mcw.sandbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.l7mp.mcw.testkit.backend.TcpSourceBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The data plane's cost (issue 3, DESIGN D11; issue 15 for h2c, gRPC and TCP): local backends reached three ways in
 * one run on loopback:
 * <ul>
 * <li><b>direct</b>: the load generator to the backend;</li>
 * <li><b>mcw</b>: cluster-2's gateway (egress port of the import) to cluster-1's gateway (ingress on the WAN policy's
 * tunnel port) to the backend, the gateways running as processes of a two-cluster sandbox;</li>
 * <li><b>haproxy</b>: the same two hops through two HAProxy processes configured alike ({@link HaproxyPair}).</li>
 * </ul>
 * Per {@link Workload} (HTTP/1.1 GETs by default; h2c, gRPC and TCP with {@code --protocol}): the maximum throughput
 * (closed loop), and for those with one, p50/p99/p99.9 at fixed rates (open loop, latency from the intended send
 * time). The phases are interleaved across the targets, in alternating order, so that drift in the machine's load hits
 * them alike. Prints a markdown table per workload and the ratios docs/benchmarks.md reports. Run with
 * {@code bin/sandbox-bench-gateway}.
 */
@Command(name = "sandbox-bench-gateway", sortOptions = false, usageHelpAutoWidth = true, description = "Measures the MCW gateway pair against a direct connection and an HAProxy pair: maximum throughput and open-loop latency at fixed rates, for HTTP/1.1 (the default), h2c, gRPC and TCP (--protocol).")
public final class GatewayBenchmark implements Callable<Integer> {

    private static final String CLIENT_CLUSTER = "cluster-2";
    private static final String SERVER_CLUSTER = "cluster-1";
    private static final List<String> TARGETS = List.of(BenchmarkReport.DIRECT, BenchmarkReport.MCW,
            BenchmarkReport.HAPROXY);
    private static final List<String> SERVICES = List.of("policy-service", "export-service", "import-service",
            "gateway-service");

    @Option(names = "--protocol", split = ",", paramLabel = "NAME", defaultValue = "http1", converter = ProtocolConverter.class, description = "Which loads to measure, repeatable or a comma list: http1 (GETs over HTTP/1.1 keep-alive), h2c (GETs over HTTP/2 with prior knowledge, from h2load), grpc (unary calls and a bidirectional stream), tcp (echo round trips and bulk bytes, opaque TCP through the gateways) (default: ${DEFAULT-VALUE}).")
    List<Protocol> protocols;

    @Option(names = "--rates", split = ",", paramLabel = "RPS", defaultValue = "1000,2000,4000", description = "Fixed rates of the open-loop runs, in requests, calls or round trips per second (default: ${DEFAULT-VALUE}).")
    List<Integer> rates;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "60", description = "Closed-loop warm-up per workload and target before measuring, so the JIT has compiled the gateway's hot path; on two busy cores C2 is still compiling after 15 s (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "10", description = "Each open-loop run first sends at its rate for this long without measuring, over the connections it then measures on (default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "32", description = "HTTP/1.1: keep-alive connections of the open-loop runs, and requests in flight of the closed-loop run (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--response-bytes", paramLabel = "N", defaultValue = "1024", description = "HTTP/1.1 and h2c: size of every response body (default: ${DEFAULT-VALUE}).")
    int responseBytes;

    @Option(names = "--h2-connections", paramLabel = "N", defaultValue = "4", description = "h2c and gRPC unary: HTTP/2 connections (h2load -c) (default: ${DEFAULT-VALUE}).")
    int h2Connections;

    @Option(names = "--h2-streams", paramLabel = "N", defaultValue = "8", description = "h2c and gRPC unary: requests in flight per connection in the closed loop (h2load -m) (default: ${DEFAULT-VALUE}).")
    int h2Streams;

    @Option(names = "--message-bytes", paramLabel = "N", defaultValue = "1024", description = "gRPC unary: size of every request message; TCP echo: size of every message (default: ${DEFAULT-VALUE}).")
    int messageBytes;

    @Option(names = "--stream-message-bytes", paramLabel = "N", defaultValue = "65536", description = "gRPC streaming: size of every message of the bidirectional stream (default: ${DEFAULT-VALUE}).")
    int streamMessageBytes;

    @Option(names = "--tcp-connections", paramLabel = "N", defaultValue = "8", description = "TCP echo: connections, each with one message in flight (default: ${DEFAULT-VALUE}).")
    int tcpConnections;

    @Option(names = "--bulk-connections", paramLabel = "N", defaultValue = "1", description = "TCP bulk: connections; gRPC streaming: streams, one per connection (default: ${DEFAULT-VALUE}).")
    int bulkConnections;

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
    /** Every measurement phase so far: even ones go through the targets in order, odd ones in reverse. */
    private int phase;

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new GatewayBenchmark()).execute(args));
    }

    /** {@code --protocol} values, in any case. */
    static final class ProtocolConverter implements CommandLine.ITypeConverter<Protocol> {
        @Override
        public Protocol convert(String value) {
            return Protocol.parse(value);
        }
    }

    /** A workload and where its load goes: the targets that passed its check, and the proxies to take the CPU of. */
    private record Plan(Workload workload, List<Endpoint> targets, Map<String, List<ProcessHandle>> proxies,
            List<String> notes) {
    }

    @Override
    public Integer call() throws Exception {
        Optional<String> invalid = validate();
        if (invalid.isPresent()) {
            out.println("[bench] " + invalid.get());
            return 2;
        }
        Optional<Path> haproxy = HaproxyPair.find();
        if (targetNames.contains(BenchmarkReport.HAPROXY) && haproxy.isEmpty()) {
            out.println("[bench] haproxy is not installed: bin/sandbox-bench-gateway installs Debian's haproxy package,"
                    + " or leave it out with --targets direct,mcw");
            return 2;
        }
        Optional<Path> h2load = H2load.find();
        if (protocols.contains(Protocol.H2C) && h2load.isEmpty()) {
            out.println("[bench] h2load is not installed: bin/sandbox-bench-gateway installs Debian's nghttp2-client"
                    + " package for --protocol h2c");
            return 2;
        }
        SandboxOptions options = sandboxOptions();
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            List<Workload> workloads = workloads(resources, h2load, options.workDir());
            // HAProxy first: a configuration it refuses should fail the run before the sandbox's minute of start-up
            Map<String, HaproxyPair> pairs = targetNames.contains(BenchmarkReport.HAPROXY)
                    ? startHaproxy(resources, haproxy.orElseThrow(), options.workDir(), workloads)
                    : Map.of();
            Sandbox sandbox = null;
            Map<String, Integer> egressPorts = Map.of();
            if (targetNames.contains(BenchmarkReport.MCW)) {
                // the HAProxy pairs cross the WAN emulator as the gateways do: a tunnel of their own per pair
                Map<String, Integer> tunnels = new LinkedHashMap<>(options.tunnels());
                pairs.forEach((key, pair) -> tunnels.put("bench-" + key, pair.layout().ingressPort()));
                sandbox = Sandbox.start(options.withTunnels(tunnels));
                resources.add(sandbox);
                egressPorts = BenchExports.exportAndImport(sandbox, SERVER_CLUSTER, CLIENT_CLUSTER,
                        services(workloads), out);
            }
            List<Plan> plans = new ArrayList<>();
            for (Workload workload : workloads) {
                plans.add(plan(workload, sandbox, egressPorts, pairs));
            }
            return measure(plans);
        } finally {
            Collections.reverse(resources);
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    out.println("[bench] closing " + resource.getClass().getSimpleName() + " failed: " + e);
                }
            }
        }
    }

    private Optional<String> validate() {
        List<String> unknown = targetNames.stream().filter(t -> !TARGETS.contains(t)).toList();
        if (!unknown.isEmpty() || targetNames.isEmpty()) {
            return Optional.of("--targets: unknown " + unknown + ", expected some of direct, mcw, haproxy");
        }
        if (slowMillis <= 0) {
            return Optional.of("--slow-ms: " + slowMillis
                    + " is not a duration, expected a positive number of milliseconds");
        }
        Map<String, Integer> positive = new LinkedHashMap<>();
        positive.put("--connections", connections);
        positive.put("--h2-connections", h2Connections);
        positive.put("--h2-streams", h2Streams);
        positive.put("--message-bytes", messageBytes);
        positive.put("--stream-message-bytes", streamMessageBytes);
        positive.put("--tcp-connections", tcpConnections);
        positive.put("--bulk-connections", bulkConnections);
        positive.put("--duration", durationSeconds);
        return positive.entrySet().stream().filter(e -> e.getValue() < 1).findFirst()
                .map(e -> e.getKey() + ": " + e.getValue() + " is not allowed, expected a positive number");
    }

    private SandboxOptions sandboxOptions() {
        SandboxOptions options = SandboxOptions.defaults().withServices(SERVICES).withClusters(2);
        List<String> jvmArgs = new ArrayList<>(options.jvmArgs());
        jvmArgs.addAll(serviceJvmArgs);
        options = options.withJvmArgs(jvmArgs);
        return options.withWorkDir(workDir != null ? workDir.toAbsolutePath()
                : options.repoRoot().resolve("sandbox").resolve("target").resolve("bench-gateway"));
    }

    /** The backends and generators the selected protocols need, and their workloads in the order selected. */
    private List<Workload> workloads(List<AutoCloseable> resources, Optional<Path> h2load, Path dir) {
        Duration slow = Duration.ofMillis(slowMillis);
        List<Workload> workloads = new ArrayList<>();
        BenchService http = null;
        for (Protocol protocol : new LinkedHashSet<>(protocols)) {
            if ((protocol == Protocol.HTTP1 || protocol == Protocol.H2C) && http == null) {
                HttpBackend backend = HttpBackend.start("payment");
                resources.add(backend);
                http = new BenchService("payment", "http", 8080, backend.port());
            }
            switch (protocol) {
                case HTTP1 -> {
                    LoadGenerator generator = new LoadGenerator(slow);
                    resources.add(generator);
                    workloads.add(new Workloads.Http1(generator, http, responseBytes, connections));
                }
                case H2C -> workloads.add(new Workloads.H2c(h2load.orElseThrow(), dir.resolve("h2load"), http,
                        responseBytes, h2Connections, h2Streams));
                case GRPC -> {
                    GrpcEchoBackend backend = GrpcEchoBackend.start("ledger");
                    resources.add(backend);
                    GrpcLoadGenerator generator = new GrpcLoadGenerator(slow);
                    resources.add(generator);
                    BenchService ledger = new BenchService("ledger", "grpc", 9090, backend.port());
                    workloads.add(new Workloads.GrpcUnary(generator, ledger, h2Connections, h2Streams, messageBytes));
                    workloads.add(new Workloads.GrpcStream(generator, ledger, bulkConnections, streamMessageBytes));
                }
                case TCP -> {
                    TcpEchoBackend echo = TcpEchoBackend.start();
                    resources.add(echo);
                    TcpSourceBackend source = TcpSourceBackend.start();
                    resources.add(source);
                    TcpLoadGenerator generator = new TcpLoadGenerator(slow);
                    resources.add(generator);
                    workloads.add(new Workloads.TcpEcho(generator, new BenchService("echo", "tcp-echo", 7000,
                            echo.port()), tcpConnections, messageBytes));
                    workloads.add(new Workloads.TcpBulk(generator, new BenchService("source", "tcp-bulk", 7001,
                            source.port()), bulkConnections));
                }
            }
        }
        return workloads;
    }

    private static List<BenchService> services(List<Workload> workloads) {
        return workloads.stream().map(Workload::service).distinct().toList();
    }

    /** One HAProxy pair per service and configuration the workloads need, by {@link #pairKey}. */
    private Map<String, HaproxyPair> startHaproxy(List<AutoCloseable> resources, Path haproxy, Path workDir,
            List<Workload> workloads) throws IOException, InterruptedException {
        Map<String, HaproxyPair> pairs = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            String key = pairKey(workload);
            if (pairs.containsKey(key)) {
                continue;
            }
            // the addresses the sandbox gives the gateways, so both pairs cross the same loopback addresses
            String egressHost = Sandbox.addressOf(CLIENT_CLUSTER);
            String ingressHost = Sandbox.addressOf(SERVER_CLUSTER);
            // with the sandbox, across the WAN emulator (the pair's own tunnel), as the gateways' traffic goes
            String tunnelHost = targetNames.contains(BenchmarkReport.MCW) ? Sandbox.wanAddressOf(SERVER_CLUSTER)
                    : ingressHost;
            HaproxyPair.Layout layout = new HaproxyPair.Layout(egressHost, freePort(egressHost), ingressHost,
                    freePort(ingressHost), "127.0.0.1", workload.service().backendPort(), CLIENT_CLUSTER, tunnelHost);
            out.printf("[bench] starting the HAProxy pair %s: egress %s:%d -> %s:%d -> ingress %s:%d -> backend"
                    + " 127.0.0.1:%d%n", key, egressHost, layout.egressPort(), tunnelHost, layout.ingressPort(),
                    ingressHost, layout.ingressPort(), layout.backendPort());
            HaproxyPair pair = HaproxyPair.start(haproxy, workDir.resolve("haproxy").resolve(key), layout,
                    workload.haproxyMode());
            resources.add(pair);
            pairs.put(key, pair);
        }
        return pairs;
    }

    private static String pairKey(Workload workload) {
        return workload.service().name() + "-" + workload.haproxyMode().name().toLowerCase(Locale.ROOT);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** The workload's endpoints on every selected target that passes its check; a failed check becomes a note. */
    private Plan plan(Workload workload, Sandbox sandbox, Map<String, Integer> egressPorts,
            Map<String, HaproxyPair> pairs) {
        BenchService service = workload.service();
        List<Endpoint> endpoints = new ArrayList<>();
        Map<String, List<ProcessHandle>> proxies = new LinkedHashMap<>();
        for (String name : TARGETS.stream().filter(targetNames::contains).toList()) {
            switch (name) {
                case BenchmarkReport.DIRECT -> endpoints.add(new Endpoint(name, "127.0.0.1", service.backendPort(),
                        "127.0.0.1"));
                case BenchmarkReport.MCW -> {
                    endpoints.add(new Endpoint(name, sandbox.address(CLIENT_CLUSTER), egressPorts.get(service.name()),
                            service.authority()));
                    proxies.put(name, List.of(gateway(sandbox, SERVER_CLUSTER), gateway(sandbox, CLIENT_CLUSTER)));
                }
                default -> {
                    HaproxyPair pair = pairs.get(pairKey(workload));
                    endpoints.add(new Endpoint(name, pair.layout().egressHost(), pair.layout().egressPort(),
                            service.authority()));
                    proxies.put(name, pair.processes());
                }
            }
        }
        List<Endpoint> passed = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            try {
                workload.check(endpoint);
                out.printf("[bench] %s: %s answers at %s:%d%n", workload.title(), endpoint.name(), endpoint.host(),
                        endpoint.port());
                passed.add(endpoint);
            } catch (Exception e) {
                String note = String.format(Locale.ROOT, "%s was not measured: it did not answer %s's check at %s:%d"
                        + " (%s)", endpoint.name(), workload.title(), endpoint.host(), endpoint.port(), rootCause(e));
                out.println("[bench] " + note);
                notes.add(note);
            }
        }
        return new Plan(workload, passed, proxies, notes);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause;
    }

    private static ProcessHandle gateway(Sandbox sandbox, String cluster) {
        long pid = sandbox.process(cluster, "gateway-service").pid();
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("gateway-service of " + cluster
                + " (pid " + pid + ") is not running"));
    }

    private int measure(List<Plan> plans) throws IOException {
        double load = loadAverage();
        List<BenchmarkReport.Section> sections = new ArrayList<>();
        for (Plan plan : plans) {
            sections.add(measure(plan, plans.size() > 1));
        }
        String report = BenchmarkReport.render(LocalDate.now(), machine(load), sections);
        out.println();
        out.println(report);
        if (appendTo != null) {
            Files.writeString(appendTo, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.println("[bench] appended to " + appendTo);
        }
        boolean failed = sections.stream().anyMatch(s -> !s.notes().isEmpty())
                || sections.stream().flatMap(s -> s.rows().stream()).anyMatch(r -> r.result().ok() == 0);
        return failed ? 1 : 0;
    }

    /** Warm-up, then the open loops at every rate, then the closed loop; each phase over every target in turn. */
    private BenchmarkReport.Section measure(Plan plan, boolean sayLoad) {
        Workload workload = plan.workload();
        double load = loadAverage();
        Duration duration = Duration.ofSeconds(durationSeconds);
        for (Endpoint target : order(plan.targets())) {
            out.printf("[bench] %s: warm-up %s for %d s%n", workload.title(), target.name(), warmUpSeconds);
            workload.closedLoop(target, Duration.ofSeconds(warmUpSeconds));
        }
        List<BenchmarkReport.Row> rows = new ArrayList<>();
        for (int rate : workload.hasOpenLoop() ? rates : List.<Integer> of()) {
            List<BenchmarkReport.Row> phaseRows = new ArrayList<>();
            for (Endpoint target : order(plan.targets())) {
                out.printf("[bench] %s: %s at %d %s for %d s after %d s to settle (open loop)%n", workload.title(),
                        target.name(), rate, workload.unit().rate(), durationSeconds, settleSeconds);
                phaseRows.add(run(workload, target, plan.proxies(), () -> workload.openLoop(target, rate,
                        Duration.ofSeconds(settleSeconds), duration)));
            }
            rows.addAll(inTargetOrder(phaseRows));
        }
        List<BenchmarkReport.Row> closedRows = new ArrayList<>();
        for (Endpoint target : order(plan.targets())) {
            out.printf("[bench] %s: %s maximum throughput for %d s%n", workload.title(), target.name(),
                    durationSeconds);
            closedRows.add(run(workload, target, plan.proxies(), () -> workload.closedLoop(target, duration)));
        }
        rows.addAll(inTargetOrder(closedRows));
        String description = sayLoad
                ? String.format(Locale.ROOT, "%s; load %.1f when it started", workload.description(), load)
                : workload.description();
        return new BenchmarkReport.Section(workload.title(), description, workload.unit(), workload.targets(),
                rows, plan.notes());
    }

    /** A phase's rows as the table lists them: direct, mcw, haproxy, whatever order they ran in. */
    private static List<BenchmarkReport.Row> inTargetOrder(List<BenchmarkReport.Row> rows) {
        return rows.stream().sorted(Comparator.comparingInt(r -> TARGETS.indexOf(r.result().target()))).toList();
    }

    /** The targets in order for an even phase, reversed for an odd one (direct, mcw, haproxy, haproxy, mcw, ...). */
    private List<Endpoint> order(List<Endpoint> targets) {
        List<Endpoint> ordered = new ArrayList<>(targets);
        if (phase++ % 2 == 1) {
            Collections.reverse(ordered);
        }
        return ordered;
    }

    /**
     * Runs one measurement and the CPU time the target's proxies spent on it, per unit of the workload (request,
     * call, round trip, MiB), in all and in user mode (the rest is the kernel's, mostly the system calls every proxy
     * makes): an open loop's settling requests (at the same rate) are counted in, since the CPU time covers them too.
     */
    private BenchmarkReport.Row run(Workload workload, Endpoint target, Map<String, List<ProcessHandle>> proxies,
            Supplier<Result> measurement) {
        List<ProcessHandle> processes = proxies.getOrDefault(target.name(), List.of());
        long before = cpuNanos(processes);
        Optional<ProcessCpu.Ticks> ticksBefore = ProcessCpu.of(processes);
        Result result = print(workload, measurement.get());
        double units = result.offeredRps() > 0
                ? workload.units(result) * (settleSeconds + durationSeconds) / durationSeconds
                : workload.units(result);
        double cpu = processes.isEmpty() || units == 0 ? Double.NaN
                : (cpuNanos(processes) - before) / 1000.0 / units;
        double user = ticksBefore.flatMap(b -> ProcessCpu.of(processes).map(after -> after.minus(b).userShare()))
                .map(share -> cpu * share).orElse(Double.NaN);
        if (!Double.isNaN(cpu)) {
            out.printf(Locale.ROOT, "[bench]   %s proxy CPU: %.0f µs per %s (user %.0f, system %.0f)%n",
                    target.name(), cpu, workload.unit().one(), user, cpu - user);
        }
        return new BenchmarkReport.Row(result, cpu, user);
    }

    /** CPU time the processes have used so far, in nanoseconds. */
    private static long cpuNanos(List<ProcessHandle> processes) {
        return processes.stream().mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }

    private Result print(Workload workload, Result result) {
        if (workload.unit() == BenchmarkReport.Unit.MIB) {
            out.printf(Locale.ROOT, "[bench]   %s: %.1f MiB/s, %d errors%n", result.target(), result.achievedRps(),
                    result.errors());
            return result;
        }
        out.printf(Locale.ROOT, "[bench]   %s: %.0f %s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms,"
                + " %d errors%n", result.target(), result.achievedRps(), workload.unit().rate(), result.p50Ms(),
                result.p99Ms(), result.p999Ms(), result.maxMs(), result.errors());
        if (result.offeredRps() > 0) {
            out.printf("[bench]   %s: %s%n", result.target(), result.slow().summary(3));
        }
        return result;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String machine(double load) {
        return String.format(Locale.ROOT, "%d cores, %s %s, Java %s, load %.1f",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), load);
    }
}

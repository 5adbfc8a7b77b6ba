package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.sandbox.SandboxMain;
import io.l7mp.mcw.sandbox.SandboxOptions;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Target;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.wan.WanEmulatorMain;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The WAN emulator's own cost: one HTTP backend answering 1 KiB, reached directly and through an unimpaired emulator
 * path, at a fixed rate (open loop, latency from the intended send time), in alternating runs (direct, emulator,
 * emulator, direct) so that drift in the machine's load hits both alike. The emulator runs as a process of its own
 * ({@link WanEmulatorMain}), so its CPU time is its own. Prints a markdown table with the latency the emulator adds
 * (p50, p99) and its CPU. Run with {@code bin/sandbox-bench-wan-emulator}.
 * <p>
 * The backend listens on 127.0.0.1 (cluster-1's local address) on port P; the emulator's tunnel {@code bench} is port
 * P, so it listens on 127.0.1.1:P. The load generator's sockets are not bound, so they come from 127.0.0.1 and the
 * path is cluster-1 to cluster-1; an emulator path costs the same whichever clusters it joins.
 */
@Command(name = "sandbox-bench-wan-emulator", sortOptions = false, usageHelpAutoWidth = true, description = {
        "Measures the latency and CPU the WAN emulator adds to HTTP/1.1 requests on an unimpaired path." })
public final class WanEmulatorBenchmark implements Callable<Integer> {

    private static final String TUNNEL = "bench";
    private static final String DIRECT = "direct";
    private static final String EMULATOR = "emulator";

    @Option(names = "--rate", paramLabel = "RPS", defaultValue = "1000", description = "Request rate of every run (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "20", description = "Length of each measured run (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--settle", paramLabel = "SECONDS", defaultValue = "5", description = "Each run first sends at its rate for this long without measuring (default: ${DEFAULT-VALUE}).")
    int settleSeconds;

    @Option(names = "--warm-up", paramLabel = "SECONDS", defaultValue = "30", description = "Unmeasured load through the emulator (and a third of it direct) before the runs, so the JIT has compiled both paths (default: ${DEFAULT-VALUE}).")
    int warmUpSeconds;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "32", description = "Keep-alive connections of every run (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--response-bytes", paramLabel = "N", defaultValue = "1024", description = "Size of every response body (default: ${DEFAULT-VALUE}).")
    int responseBytes;

    @Option(names = "--slow-ms", paramLabel = "MS", defaultValue = "50", description = "Each run reports its requests slower than this (default: ${DEFAULT-VALUE}).")
    long slowMillis;

    @Option(names = "--emulator-jvm-arg", paramLabel = "ARG", description = "JVM options of the emulator process (repeatable; default: the sandbox's service options, -Xmx160m -XX:+UseSerialGC).")
    List<String> emulatorJvmArgs = new ArrayList<>();

    @Option(names = "--append-to", paramLabel = "FILE", description = "Also append the markdown table to FILE.")
    Path appendTo;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final PrintStream out = System.out;

    /** One measured run and the emulator's CPU during it (NaN where the OS does not tell). */
    private record Run(int number, Result result, double load, double cpuPercentOfCore, double cpuMicrosPerRequest,
            double userShare) {
    }

    public static void main(String[] args) {
        SandboxMain.configureLogging();
        System.exit(new CommandLine(new WanEmulatorBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (rate <= 0 || durationSeconds <= 0 || connections <= 0 || slowMillis <= 0) {
            out.println("[bench] --rate, --duration, --connections and --slow-ms must be positive");
            return 2;
        }
        try (HttpBackend backend = HttpBackend.start("wan-bench");
                LoadGenerator generator = new LoadGenerator(Duration.ofMillis(slowMillis))) {
            Process emulator = startEmulator(backend.port());
            try {
                URI api = awaitReady(emulator);
                String path = "/bytes/" + responseBytes;
                Target direct = new Target(DIRECT, "127.0.0.1", backend.port(), "127.0.0.1:" + backend.port(), path);
                Target viaEmulator = new Target(EMULATOR, "127.0.1.1", backend.port(), "127.0.1.1:" + backend.port(),
                        path);
                checkAnswers(direct);
                checkAnswers(viaEmulator);
                return measure(generator, direct, viaEmulator, emulator.toHandle(), api);
            } finally {
                emulator.destroy();
                emulator.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Process startEmulator(int port) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(emulatorJvmArgs.isEmpty() ? SandboxOptions.DEFAULT_JVM_ARGS : emulatorJvmArgs);
        command.addAll(List.of("-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), WanEmulatorMain.class.getName(),
                "--clusters", "cluster-1,cluster-2", "--tunnels", TUNNEL + "=" + port, "--api-port", "0",
                "--parent-pid", Long.toString(ProcessHandle.current().pid())));
        out.printf("[bench] starting the WAN emulator: tunnel %s = port %d, 127.0.1.1:%d -> 127.0.0.1:%d%n", TUNNEL,
                port, port, port);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** The API URL the emulator prints once it listens; its further output is drained so that it never blocks. */
    private static URI awaitReady(Process emulator) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(emulator.getInputStream(),
                StandardCharsets.UTF_8));
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("WAN EMULATOR READY ")) {
                        return line.substring("WAN EMULATOR READY ".length()).trim();
                    }
                }
                throw new IllegalStateException("the WAN emulator exited before it was ready");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
        Thread drain = new Thread(() -> {
            try {
                lines.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the emulator is gone
            }
        }, "wan-emulator-output");
        drain.setDaemon(true);
        drain.start();
        return URI.create(ready);
    }

    private int measure(LoadGenerator generator, Target direct, Target viaEmulator, ProcessHandle emulator, URI api)
            throws IOException, InterruptedException {
        Duration duration = Duration.ofSeconds(durationSeconds);
        Duration settle = Duration.ofSeconds(settleSeconds);
        out.printf("[bench] warm-up: %d s through the emulator, %d s direct, %d req/s%n", warmUpSeconds,
                warmUpSeconds / 3, rate);
        generator.openLoop(viaEmulator, rate, Duration.ofSeconds(warmUpSeconds), connections);
        generator.openLoop(direct, rate, Duration.ofSeconds(Math.max(1, warmUpSeconds / 3)), connections);
        double startLoad = load();
        List<Run> runs = new ArrayList<>();
        List<Target> order = List.of(direct, viaEmulator, viaEmulator, direct);
        for (int i = 0; i < order.size(); i++) {
            Target target = order.get(i);
            double runLoad = load();
            out.printf(Locale.ROOT, "[bench] run %d: %s at %d req/s for %d s after %d s to settle (load %.2f)%n", i + 1,
                    target.name(), rate, durationSeconds, settleSeconds, runLoad);
            long cpuBefore = cpuNanos(emulator);
            Optional<ProcessCpu.Ticks> ticksBefore = ProcessCpu.of(List.of(emulator));
            long wallBefore = System.nanoTime();
            Result result = generator.openLoop(target, rate, settle, duration, connections);
            long wallNanos = System.nanoTime() - wallBefore;
            long cpu = cpuNanos(emulator) - cpuBefore;
            double requests = result.ok() * (double) (settleSeconds + durationSeconds) / durationSeconds;
            double userShare = ticksBefore.flatMap(b -> ProcessCpu.of(List.of(emulator))
                    .map(after -> after.minus(b).userShare())).orElse(Double.NaN);
            Run run = new Run(i + 1, result, runLoad, 100.0 * cpu / wallNanos,
                    result.ok() == 0 ? Double.NaN : cpu / 1000.0 / requests, userShare);
            runs.add(run);
            out.printf(Locale.ROOT, "[bench]   %s: %.0f req/s, p50 %.3f ms, p99 %.3f ms, max %.2f ms, %d errors;"
                    + " emulator CPU %.1f%% of a core, %.1f µs per request; %s%n", target.name(), result.achievedRps(),
                    result.p50Ms(), result.p99Ms(), result.maxMs(), result.errors(), run.cpuPercentOfCore(),
                    run.cpuMicrosPerRequest(), result.slow().summary(3));
        }
        String crossed = crossedTheEmulator(api);
        out.println("[bench] " + crossed);
        String report = render(runs, startLoad, crossed);
        out.println();
        out.println(report);
        if (appendTo != null) {
            Files.writeString(appendTo, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.println("[bench] appended to " + appendTo);
        }
        return runs.stream().anyMatch(r -> r.result().ok() == 0) ? 1 : 0;
    }

    private String render(List<Run> runs, double startLoad, String crossed) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "#### %s: %d cores, %s %s, Java %s, load %.2f at the start of the runs%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), startLoad));
        md.append(String.format(Locale.ROOT, "HTTP/1.1 GET, %d B responses, %d req/s open loop over %d keep-alive"
                + " connections, %d s per run after %d s to settle; %s.%n%n", responseBytes, rate, connections,
                durationSeconds, settleSeconds, crossed));
        md.append("| run | target | load | achieved (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) | errors"
                + " | emulator CPU (% of a core) | emulator CPU (µs/req) | of which user |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Run run : runs) {
            Result r = run.result();
            boolean through = r.target().equals(EMULATOR);
            md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.0f | %.3f | %.3f | %.3f | %.2f | %d | %.1f | %s |"
                    + " %s |%n", run.number(), r.target(), run.load(), r.achievedRps(), r.p50Ms(), r.p99Ms(),
                    r.p999Ms(), r.maxMs(), r.errors(), run.cpuPercentOfCore(),
                    through ? String.format(Locale.ROOT, "%.1f", run.cpuMicrosPerRequest()) : "(idle)",
                    Double.isNaN(run.userShare()) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * run.userShare())));
        }
        double addedP50 = mean(runs, EMULATOR, Result::p50Ms) - mean(runs, DIRECT, Result::p50Ms);
        double addedP99 = mean(runs, EMULATOR, Result::p99Ms) - mean(runs, DIRECT, Result::p99Ms);
        double cpu = runs.stream().filter(r -> r.result().target().equals(EMULATOR))
                .mapToDouble(Run::cpuPercentOfCore).average().orElse(Double.NaN);
        double micros = runs.stream().filter(r -> r.result().target().equals(EMULATOR))
                .mapToDouble(Run::cpuMicrosPerRequest).average().orElse(Double.NaN);
        md.append(String.format(Locale.ROOT, "%n| added by the emulator (mean of its runs - mean of the direct runs) |"
                + " figure |%n|---|---|%n| p50 | %+.3f ms |%n| p99 | %+.3f ms |%n| emulator CPU at %d req/s"
                + " | %.1f%% of a core, %.1f µs per request |%n", addedP50, addedP99, rate, cpu, micros));
        return md.toString();
    }

    private static double mean(List<Run> runs, String target, ToDoubleFunction<Result> figure) {
        return runs.stream().map(Run::result).filter(r -> r.target().equals(target)).mapToDouble(figure).average()
                .orElse(Double.NaN);
    }

    /** What the emulator's counters say crossed its path: proof that the emulator runs went through it. */
    private static String crossedTheEmulator(URI api) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                api.resolve("/paths/cluster-1/cluster-1/" + TUNNEL)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode counters = new ObjectMapper()
                .readTree(response.body()).get("counters");
        return String.format(Locale.ROOT, "the emulator's path cluster-1 -> cluster-1 %s carried %d connections, %.1f MB"
                + " forward and %.1f MB back", TUNNEL, counters.get("connectionsOpened").asLong(),
                counters.get("bytesForward").asLong() / 1e6, counters.get("bytesReverse").asLong() / 1e6);
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One request through the target must answer 200 with the expected body size before anything is measured. */
    private void checkAnswers(Target target) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://" + target.host() + ":" + target.port() + target.path());
        await(target.name() + " answers " + uri).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> {
                    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    return response.statusCode() == 200 && response.body().length == responseBytes;
                });
        out.printf("[bench] %s answers %s with %d bytes%n", target.name(), uri, responseBytes);
    }
}

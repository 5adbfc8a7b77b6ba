package io.l7mp.mcw.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sandbox --observability}: a real Prometheus and a real trace backend beside the clusterset, both on
 * loopback. Prometheus (Debian's package; {@code bin/install-prometheus} installs it when missing) scrapes every
 * service of every cluster every 2 s with the labels a cluster's {@code PodMonitor} sets (see
 * {@link PrometheusConfig}) and evaluates {@code k8s/prometheus/mcw-rules.yaml}. Zipkin (its executable jar, which
 * the sandbox module's build copies to {@code sandbox/target/observability}) keeps the spans the services send to
 * {@link #ZIPKIN_ENDPOINT_PROPERTY} in memory.
 */
final class Observability {

    /** The services' setting that makes them send their spans to a Zipkin server. */
    static final String ZIPKIN_ENDPOINT_PROPERTY = "mcw.tracing.zipkin-endpoint";
    /** Where the sandbox module's build puts Zipkin's executable jar (maven-dependency-plugin, see its pom). */
    static final String ZIPKIN_JAR = "sandbox/target/observability/zipkin-server-exec.jar";
    static final String RULES = "k8s/prometheus/mcw-rules.yaml";
    static final String INSTALL_PROMETHEUS = "bin/install-prometheus";
    /** Zipkin's heap: its in-memory store keeps at most {@link #ZIPKIN_MAX_SPANS} spans. */
    private static final List<String> ZIPKIN_JVM_ARGS = List.of("-Xmx192m", "-XX:+UseSerialGC");
    private static final int ZIPKIN_MAX_SPANS = 50_000;
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

    private final ChildProcess prometheus;
    private final ChildProcess zipkin;
    private final int prometheusPort;
    private final int zipkinPort;
    private final Path targetsFile;

    private Observability(ChildProcess prometheus, int prometheusPort, ChildProcess zipkin, int zipkinPort,
            Path targetsFile) {
        this.prometheus = prometheus;
        this.prometheusPort = prometheusPort;
        this.zipkin = zipkin;
        this.zipkinPort = zipkinPort;
        this.targetsFile = targetsFile;
    }

    /**
     * Finds Prometheus (installing it if needed) and Zipkin's jar, writes Prometheus' configuration with no target
     * yet; starts nothing.
     *
     * @throws SandboxException when Prometheus cannot be had or Zipkin's jar is not built, saying how to fix it
     */
    static Observability prepare(SandboxOptions options, WorkDir workDir, FreePorts ports, Progress progress) {
        Path binary = prometheusBinary(options.repoRoot(), workDir, progress);
        Path jar = options.repoRoot().resolve(ZIPKIN_JAR);
        if (!Files.isRegularFile(jar)) {
            throw new SandboxException("Zipkin's executable jar is missing: " + jar + ". The sandbox module's build "
                    + "copies it there; build it with: cd " + options.repoRoot()
                    + " && ./mvnw -DskipTests install -pl sandbox -am");
        }
        Path dir = workDir.observabilityDir();
        Path config = dir.resolve("prometheus.yml");
        Path targets = dir.resolve("targets.json");
        try {
            Files.createDirectories(dir);
            Files.writeString(config, PrometheusConfig.config(options.repoRoot().resolve(RULES), targets));
            Files.writeString(targets, PrometheusConfig.targets(List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Prometheus' configuration in " + dir, e);
        }
        int prometheusPort = ports.next();
        int zipkinPort = ports.next();
        return new Observability(prometheus(binary, config, prometheusPort, workDir), prometheusPort,
                zipkin(jar, zipkinPort, workDir), zipkinPort, targets);
    }

    private static ChildProcess prometheus(Path binary, Path config, int port, WorkDir workDir) {
        String address = "127.0.0.1:" + port;
        Path dir = workDir.observabilityDir();
        return new ChildProcess("Prometheus", List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--storage.tsdb.retention.time=1d",
                "--web.listen-address=" + address), dir, workDir.logsDir().resolve("prometheus.log"),
                URI.create("http://" + address + "/-/ready"));
    }

    private static ChildProcess zipkin(Path jar, int port, WorkDir workDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ZIPKIN_JVM_ARGS);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                // Armeria serves Zipkin: its one listener, on loopback only
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
                "--zipkin.storage.type=mem", "--zipkin.storage.mem.max-spans=" + ZIPKIN_MAX_SPANS));
        return new ChildProcess("Zipkin", command, workDir.observabilityDir(), workDir.logsDir().resolve(
                "zipkin.log"), URI.create("http://127.0.0.1:" + port + "/health"));
    }

    /** Starts both; does not wait for them. */
    void launch() {
        prometheus.launch();
        zipkin.launch();
    }

    /** Both processes, for their pids. */
    List<ChildProcess> processes() {
        return List.of(prometheus, zipkin);
    }

    /**
     * Waits until both serve.
     *
     * @throws SandboxException naming the one that did not, its log and the log's last lines
     */
    void awaitReady(HttpClient http, Duration timeout, Progress progress) {
        long started = System.nanoTime();
        for (ChildProcess process : processes()) {
            Duration left = timeout.minusNanos(System.nanoTime() - started);
            process.awaitReady(http, left.isNegative() ? Duration.ZERO : left);
        }
        progress.line("%-32s ready at %s (scrapes every service every %d s; rules %s)", "Prometheus",
                prometheusUrl(), PrometheusConfig.INTERVAL.toSeconds(), RULES);
        progress.line("%-32s ready at %s (spans from the services: %s)", "Zipkin", zipkinUrl(), zipkinSpansEndpoint());
    }

    /** Rewrites the targets file (write, then rename: Prometheus never reads half a file). */
    void targets(List<PrometheusConfig.Target> targets) {
        Path temporary = targetsFile.resolveSibling(targetsFile.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, PrometheusConfig.targets(targets));
            Files.move(temporary, targetsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Prometheus' targets " + targetsFile, e);
        }
    }

    /** Prometheus' UI and HTTP API. */
    URI prometheusUrl() {
        return URI.create("http://127.0.0.1:" + prometheusPort);
    }

    /** Zipkin's UI. */
    URI zipkinUrl() {
        return URI.create("http://127.0.0.1:" + zipkinPort + "/zipkin/");
    }

    /** Where the services send their spans ({@link #ZIPKIN_ENDPOINT_PROPERTY}). */
    String zipkinSpansEndpoint() {
        return "http://127.0.0.1:" + zipkinPort + "/api/v2/spans";
    }

    /** Stops both (SIGTERM, SIGKILL after {@code grace}) and waits until they are gone. */
    void close(Duration grace) {
        processes().forEach(ChildProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        processes().forEach(p -> p.awaitStopped(deadline));
    }

    /** {@code prometheus} on the PATH or in /usr/bin; else what {@value #INSTALL_PROMETHEUS} installs. */
    private static Path prometheusBinary(Path repoRoot, WorkDir workDir, Progress progress) {
        Optional<Path> found = findPrometheus();
        if (found.isPresent()) {
            return found.get();
        }
        Path script = repoRoot.resolve(INSTALL_PROMETHEUS);
        Path log = workDir.logsDir().resolve("install-prometheus.log");
        Progress.Step step = progress.begin("prometheus is not installed: running " + INSTALL_PROMETHEUS + " (log "
                + log + ")");
        String outcome = install(script, repoRoot, log);
        found = findPrometheus();
        if (found.isEmpty()) {
            step.failed();
            throw new SandboxException("Prometheus is not installed and " + INSTALL_PROMETHEUS + " could not install"
                    + " it (" + outcome + "; log " + log + "):\n" + LogTail.of(log, 10) + "\nRun " + INSTALL_PROMETHEUS
                    + " as root (it installs Debian's prometheus package) or put prometheus on the PATH.");
        }
        step.done("installed " + found.get());
        return found.get();
    }

    private static String install(Path script, Path directory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(script.toString()).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "it did not finish within " + Progress.seconds(INSTALL_TIMEOUT);
            }
            return "exit " + process.exitValue();
        } catch (IOException e) {
            return "cannot run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("Interrupted while running " + script, e);
        }
    }

    private static Optional<Path> findPrometheus() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        return dirs.stream().filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable).findFirst();
    }
}

package io.l7mp.mcw.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The {@link ApiServer} of one cluster in a child JVM ({@link ApiServerMain}), so that a benchmark's JVM does not
 * share its heap, garbage collector and CPU time with the stand-in. The port is chosen by the child and read from its
 * {@code APISERVER READY} line; its output goes to {@code apiserver-<cluster>.log} in the work directory. Request
 * times are read over HTTP ({@link RequestStats#PATH}). A shutdown hook stops the child if this JVM exits first, and
 * the child exits by itself if this JVM dies without running hooks.
 */
public final class ApiServerProcess implements RunningApiServer {

    /**
     * Rounds of every kind of request the child serves itself before it reports ready ({@link ApiServerWarmUp}): enough
     * for its request paths to be compiled, as a long-running API server's are.
     */
    static final int WARM_UP_ROUNDS = 200;

    /** JVM options of the child: a heap for a fleet of objects, and full JIT so that its times are not inflated. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx1g", "-XX:+UseSerialGC",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

    private static final Logger LOGGER = Logger.getLogger(ApiServerProcess.class);
    private static final Pattern READY = Pattern.compile("APISERVER READY (\\S+) (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final String clusterName;
    private final Process process;
    private final Path logFile;
    private final Thread killOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile String url;

    private ApiServerProcess(String clusterName, Process process, Path logFile) {
        this.clusterName = clusterName;
        this.process = process;
        this.logFile = logFile;
        this.killOnExit = new Thread(this::destroy, "apiserver-process-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts the API server of {@code clusterName} with this JVM's classpath and waits until it listens. */
    public static ApiServerProcess start(String clusterName, Path workDir) {
        return start(clusterName, workDir, System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS);
    }

    /** Starts it with {@code classpath}, which must hold the testkit and its dependencies, and the JVM options given. */
    public static ApiServerProcess start(String clusterName, Path workDir, String classpath, List<String> jvmOptions) {
        Path logFile = workDir.resolve("apiserver-" + clusterName + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, ApiServerMain.class.getName(),
                "--clusters", clusterName,
                "--kubeconfig", workDir.resolve("apiserver-" + clusterName + ".kubeconfig").toAbsolutePath().toString(),
                "--parent-pid", String.valueOf(ProcessHandle.current().pid()),
                "--warm-up", String.valueOf(WARM_UP_ROUNDS)));
        Process process;
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(logFile);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the API server process of cluster " + clusterName, e);
        }
        ApiServerProcess server = new ApiServerProcess(clusterName, process, logFile);
        server.awaitReady();
        LOGGER.infof("API server process %d of cluster %s listening on %s (log %s)", process.pid(), clusterName,
                server.url, logFile);
        return server;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public KubernetesClient client() {
        return ApiServer.client(url);
    }

    /** Read from the child over HTTP. */
    @Override
    public RequestStats requestStats() {
        return RequestStats.fromJson(stats("GET"));
    }

    @Override
    public void resetRequestStats() {
        stats("DELETE");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where the child's stdout and stderr go. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running or about to
        }
        destroy();
    }

    private String stats(String method) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + RequestStats.PATH))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(method + " " + request.uri() + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the request stats of the API server of " + clusterName + " at "
                    + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the request stats of " + clusterName, e);
        }
    }

    private void awaitReady() {
        try {
            await("API server process of " + clusterName)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The API server process of " + clusterName
                                    + " exited with code " + process.exitValue() + "; its output:\n" + tail());
                        }
                        Optional<String> ready = readyUrl();
                        ready.ifPresent(u -> url = u);
                        return ready.isPresent();
                    });
        } catch (RuntimeException e) {
            close();
            if (e instanceof ConditionTimeoutException) {
                throw new IllegalStateException("The API server process of " + clusterName + " was not ready within "
                        + START_TIMEOUT + "; its output:\n" + tail(), e);
            }
            throw e;
        }
    }

    private Optional<String> readyUrl() {
        Matcher matcher = READY.matcher(tail());
        while (matcher.find()) {
            if (matcher.group(1).equals(clusterName)) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }

    private void destroy() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warnf("API server process %d ignored SIGTERM for %s, killing it", process.pid(), STOP_TIMEOUT);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String tail() {
        try {
            String output = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
            return output.length() > 8000 ? output.substring(output.length() - 8000) : output;
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }
}

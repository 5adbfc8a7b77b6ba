package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private final ChildJvm child;
    private final String url;

    private ApiServerProcess(String clusterName, ChildJvm child, String url) {
        this.clusterName = clusterName;
        this.child = child;
        this.url = url;
    }

    /** Starts the API server of {@code clusterName} with this JVM's classpath and waits until it listens. */
    public static ApiServerProcess start(String clusterName, Path workDir) {
        return start(clusterName, workDir, System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS);
    }

    /** Starts it with {@code classpath}, which must hold the testkit and its dependencies, and the JVM options given. */
    public static ApiServerProcess start(String clusterName, Path workDir, String classpath, List<String> jvmOptions) {
        ChildJvm child = ChildJvm.start("the API server process of " + clusterName, classpath, jvmOptions,
                ApiServerMain.class, List.of("--clusters", clusterName,
                        "--kubeconfig", workDir.resolve("apiserver-" + clusterName + ".kubeconfig").toAbsolutePath()
                                .toString(),
                        "--warm-up", String.valueOf(WARM_UP_ROUNDS)),
                workDir.resolve("apiserver-" + clusterName + ".log"), STOP_TIMEOUT);
        child.awaitReady(START_TIMEOUT, Duration.ofMillis(100), output -> readyUrl(output, clusterName).isPresent());
        ApiServerProcess server = new ApiServerProcess(clusterName, child, readyUrl(child.tail(), clusterName)
                .orElseThrow());
        LOGGER.infof("API server process %d of cluster %s listening on %s (log %s)", child.pid(), clusterName,
                server.url, child.logFile());
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
        return child.pid();
    }

    public boolean isAlive() {
        return child.isAlive();
    }

    /** Where the child's stdout and stderr go. */
    public Path logFile() {
        return child.logFile();
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    @Override
    public void close() {
        child.close();
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

    /** The URL the child's {@code APISERVER READY} line gives for {@code clusterName}, once it is in its output. */
    private static Optional<String> readyUrl(String output, String clusterName) {
        Matcher matcher = READY.matcher(output);
        while (matcher.find()) {
            if (matcher.group(1).equals(clusterName)) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }
}

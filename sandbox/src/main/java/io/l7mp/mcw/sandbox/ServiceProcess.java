package io.l7mp.mcw.sandbox;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One service of one cluster, run as its own JVM from the packaged jar, as it would be deployed. Output goes to its
 * log file (appended across restarts); its HTTP port stays the same across restarts.
 */
public final class ServiceProcess {

    static final String READY_PATH = "/q/health/ready";
    private static final int LOG_LINES_IN_ERRORS = 25;
    private static final Duration POLL = Duration.ofMillis(250);

    private final String cluster;
    private final String service;
    private final int port;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private final Map<String, String> environment;
    private volatile Process process;
    /** Set when the sandbox itself stops or kills the process, so that only unexpected exits are reported. */
    private volatile boolean stopRequested;
    private volatile BiConsumer<ServiceProcess, Integer> unexpectedExit = (p, code) -> {
    };

    ServiceProcess(String cluster, String service, int port, List<String> command, Path workDir, Path logFile,
            Map<String, String> environment) {
        this.cluster = cluster;
        this.service = service;
        this.port = port;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.environment = Map.copyOf(environment);
    }

    /** {@code cluster-1/import-service}. */
    public String name() {
        return cluster + "/" + service;
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}: health, metrics and the service's own HTTP/gRPC endpoints. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public List<String> command() {
        return command;
    }

    /** Variables added to the inherited environment. */
    Map<String, String> environment() {
        return environment;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    /** Called with the exit code when the process exits without {@link #requestStop()} or {@link #kill9()}. */
    void onUnexpectedExit(BiConsumer<ServiceProcess, Integer> listener) {
        this.unexpectedExit = listener;
    }

    /** Launches the JVM; does not wait for it to be ready. */
    void launch() {
        if (isAlive()) {
            throw new IllegalStateException(name() + " is already running as pid " + process.pid());
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            // the work directory, not the caller's: Quarkus would read a stray config/ or .env from there
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            Process started = builder.start();
            process = started;
            stopRequested = false;
            // an earlier incarnation's exit, seen late, is not this one's
            started.onExit().thenAccept(exited -> {
                if (!stopRequested && process == started) {
                    unexpectedExit.accept(this, exited.exitValue());
                }
            });
        } catch (IOException e) {
            throw new SandboxException("Cannot start " + name() + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code GET /q/health/ready} answers 200.
     *
     * @throws SandboxException when the process exits first or the timeout passes; the message ends with the last
     *         lines of the log
     */
    void awaitReady(HttpClient http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + READY_PATH)).timeout(Duration.ofSeconds(5))
                .GET().build();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new SandboxException(name() + " exited" + exitCode(current) + " before it was ready; last lines of "
                        + logFile + ":\n" + LogTail.of(logFile, LOG_LINES_IN_ERRORS));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + oneLine(response.body());
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for " + name(), e);
            }
            ChildProcess.waitForExit(current, POLL);
        }
        throw new SandboxException(name() + " was not ready within " + Progress.seconds(timeout) + " (GET " + url()
                + READY_PATH + ": " + lastAnswer + "); last lines of " + logFile + ":\n"
                + LogTail.of(logFile, LOG_LINES_IN_ERRORS));
    }

    /** Asks the process to stop (SIGTERM); returns at once. */
    void requestStop() {
        stopRequested = true;
        Process current = process;
        if (current != null && current.isAlive()) {
            current.descendants().forEach(ProcessHandle::destroy);
            current.destroy();
        }
    }

    /** Waits until {@code deadline} (nanoTime) for the process to exit, then kills it (SIGKILL) and waits. */
    void awaitStopped(long deadlineNanos) {
        Process current = process;
        if (current == null) {
            return;
        }
        long remaining = Math.max(0, deadlineNanos - System.nanoTime());
        if (!ChildProcess.waitForExit(current, Duration.ofNanos(remaining))) {
            kill(current);
        }
    }

    /** SIGKILL, as a crash or the OOM killer would; waits until the process is gone. */
    void kill9() {
        stopRequested = true;
        Process current = process;
        if (current != null) {
            kill(current);
        }
    }

    private static void kill(Process current) {
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        ChildProcess.waitForExit(current, Duration.ofSeconds(30));
    }

    /** The last lines of the log, indented, for messages about this process. */
    String logTail() {
        return LogTail.of(logFile, LOG_LINES_IN_ERRORS);
    }

    private static String exitCode(Process current) {
        return current == null ? "" : " with code " + current.exitValue();
    }

    private static String oneLine(String body) {
        String flat = body.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process the sandbox runs beside the services (Prometheus, Zipkin): started once, its output in a log file, ready
 * when an HTTP URL answers 200, stopped with the sandbox. Unlike a {@link ServiceProcess} it is not restarted when it
 * exits: it is a tool to look at the clusterset, not part of it.
 */
final class ChildProcess {

    private static final int LOG_LINES_IN_ERRORS = 25;
    private static final Duration POLL = Duration.ofMillis(250);

    private final String name;
    private final List<String> command;
    private final Path workDir;
    private final Path logFile;
    private final URI readyUri;
    private volatile Process process;

    /**
     * @param name what the messages call it ({@code Prometheus})
     * @param readyUri answers 200 once the process serves
     */
    ChildProcess(String name, List<String> command, Path workDir, Path logFile, URI readyUri) {
        this.name = name;
        this.command = List.copyOf(command);
        this.workDir = workDir;
        this.logFile = logFile;
        this.readyUri = readyUri;
    }

    String name() {
        return name;
    }

    List<String> command() {
        return command;
    }

    Path logFile() {
        return logFile;
    }

    long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Starts the process; does not wait for it. */
    void launch() {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, "---- " + Instant.now() + " starting: " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new SandboxException(name + " did not start (" + String.join(" ", command) + "): " + e.getMessage()
                    + "; log " + logFile, e);
        }
    }

    /**
     * Waits until the ready URL answers 200.
     *
     * @throws SandboxException when the process exits first or the timeout passes, naming the log and its last lines
     */
    void awaitReady(HttpClient http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer yet";
        HttpRequest request = HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new SandboxException(name + " exited" + (current == null ? ""
                        : " with code "
                                + current.exitValue())
                        + " before it was ready; last lines of " + logFile + ":\n"
                        + LogTail.of(logFile, LOG_LINES_IN_ERRORS));
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxException("Interrupted while waiting for " + name, e);
            }
            waitForExit(current, POLL);
        }
        throw new SandboxException(name + " was not ready within " + Progress.seconds(timeout) + " (GET " + readyUri
                + ": " + lastAnswer + "); last lines of " + logFile + ":\n" + LogTail.of(logFile, LOG_LINES_IN_ERRORS));
    }

    /** Asks the process to stop (SIGTERM); returns at once. */
    void requestStop() {
        Process current = process;
        if (current != null && current.isAlive()) {
            current.destroy();
        }
    }

    /** Waits until {@code deadlineNanos} (nanoTime) for the process to exit, then kills it (SIGKILL) and waits. */
    void awaitStopped(long deadlineNanos) {
        Process current = process;
        if (current == null) {
            return;
        }
        if (!waitForExit(current, Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())))) {
            current.destroyForcibly();
            waitForExit(current, Duration.ofSeconds(30));
        }
    }

    /** Whether {@code current} exited within {@code timeout}; an interrupt is kept for the caller. */
    static boolean waitForExit(Process current, Duration timeout) {
        try {
            current.onExit().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !current.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !current.isAlive();
        }
    }
}

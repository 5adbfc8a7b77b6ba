package io.l7mp.mcw.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * A testkit main in a child JVM ({@link KafkaBrokerProcess}, {@link ApiServerProcess}): started with this JVM's
 * {@code java}, its output in a log file, ready once that output says so, killed by a shutdown hook if the parent
 * exits first, and stopped with SIGTERM, then SIGKILL after a grace period, descendants included.
 */
final class ChildJvm implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ChildJvm.class);
    private static final int TAIL_CHARS = 8000;

    private final String what;
    private final Process process;
    private final Path logFile;
    private final Duration stopTimeout;
    private final Thread killOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ChildJvm(String what, Process process, Path logFile, Duration stopTimeout) {
        this.what = what;
        this.process = process;
        this.logFile = logFile;
        this.stopTimeout = stopTimeout;
        this.killOnExit = new Thread(this::destroy, "child-jvm-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code main} with {@code args} in a child JVM, its output appended to a fresh {@code logFile}.
     *
     * @param what names the child in errors and logs, e.g. {@code the Kafka broker process}
     */
    static ChildJvm start(String what, String classpath, List<String> jvmOptions, Class<?> main, List<String> args,
            Path logFile, Duration stopTimeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, main.getName()));
        command.addAll(args);
        // the child follows this JVM even when it dies without running shutdown hooks
        command.addAll(List.of("--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Files.deleteIfExists(logFile);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            return new ChildJvm(what, process, logFile, stopTimeout);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + what, e);
        }
    }

    /**
     * Waits until {@code ready} holds for the child's output (its last characters); closes the child and throws when
     * it exits first or is not ready in time.
     */
    void awaitReady(Duration timeout, Duration poll, Predicate<String> ready) {
        try {
            await(what).atMost(timeout).pollInterval(poll).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(what + " exited with code " + process.exitValue()
                            + "; its output:\n" + tail());
                }
                return ready.test(tail());
            });
        } catch (RuntimeException e) {
            close();
            if (e instanceof ConditionTimeoutException) {
                throw new IllegalStateException(what + " was not ready within " + timeout + "; its output:\n" + tail(),
                        e);
            }
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** The last characters of the child's output. */
    String tail() {
        try {
            String output = Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
            return output.length() > TAIL_CHARS ? output.substring(output.length() - TAIL_CHARS) : output;
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /** Stops the child and its descendants (SIGTERM, then SIGKILL after the stop timeout) and waits until gone. */
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

    private void destroy() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warnf("%s (pid %d) ignored SIGTERM for %s, killing it", what, process.pid(), stopTimeout);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

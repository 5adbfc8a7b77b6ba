package io.l7mp.mcw.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionTimeoutException;
import org.jboss.logging.Logger;

/**
 * The test {@link KafkaBroker} in a child JVM ({@link KafkaBrokerMain}), for tests and launchers that need Kafka to
 * outlive, or be killed independently of, the JVM that uses it. The child's output goes to {@code kafka.log} and its
 * data to {@code kafka-data} under the work directory; a shutdown hook kills the child if the parent exits first, and
 * the child exits by itself if the parent dies without running hooks.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    /** JVM options of the child: a small heap and a quick start on a machine shared with the services. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

    private static final Logger LOGGER = Logger.getLogger(KafkaBrokerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Process process;
    private final String bootstrapServers;
    private final Path logFile;
    private final Thread killOnExit;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBrokerProcess(Process process, String bootstrapServers, Path logFile) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.logFile = logFile;
        this.killOnExit = new Thread(this::destroyTree, "kafka-broker-process-kill");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** Starts the broker with this JVM's classpath and waits until it accepts connections. */
    public static KafkaBrokerProcess start(Path workDir) {
        return start(workDir, System.getProperty("java.class.path"), DEFAULT_JVM_OPTIONS);
    }

    /** Starts the broker with {@code classpath}, which must hold the testkit and its dependencies. */
    public static KafkaBrokerProcess start(Path workDir, String classpath) {
        return start(workDir, classpath, DEFAULT_JVM_OPTIONS);
    }

    /** Starts the broker with {@code classpath} (which must hold the testkit and Kafka) and the JVM options given. */
    public static KafkaBrokerProcess start(Path workDir, String classpath, List<String> jvmOptions) {
        int port = FreePorts.next();
        int controllerPort = FreePorts.next();
        Path logFile = workDir.resolve("kafka.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, KafkaBrokerMain.class.getName(),
                "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort),
                "--log-dir", workDir.resolve("kafka-data").toAbsolutePath().toString(),
                // the broker follows this JVM even when it dies without running shutdown hooks
                "--parent-pid", String.valueOf(ProcessHandle.current().pid())));
        Process process;
        try {
            Files.createDirectories(workDir);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Kafka broker process in " + workDir, e);
        }
        KafkaBrokerProcess broker = new KafkaBrokerProcess(process, KafkaBrokerConfig.HOST + ":" + port, logFile);
        broker.awaitReady(port);
        LOGGER.infof("Kafka broker process %d listening on %s (log %s)", process.pid(), broker.bootstrapServers,
                logFile);
        return broker;
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
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

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s) and its descendants, and waits until they are gone. */
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
        destroyTree();
    }

    private void awaitReady(int port) {
        try {
            await("Kafka broker process on port " + port)
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The Kafka broker process exited with code "
                                    + process.exitValue() + "; its output:\n" + tail());
                        }
                        return tail().contains(KafkaBrokerMain.READY) && accepts(port);
                    });
        } catch (RuntimeException e) {
            close();
            if (e instanceof ConditionTimeoutException) {
                throw new IllegalStateException("The Kafka broker process was not ready within " + START_TIMEOUT
                        + "; its output:\n" + tail(), e);
            }
            throw e;
        }
    }

    private void destroyTree() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warnf("Kafka broker process %d ignored SIGTERM for %s, killing it", process.pid(), STOP_TIMEOUT);
                process.descendants().forEach(ProcessHandle::destroyForcibly);
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

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(KafkaBrokerConfig.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

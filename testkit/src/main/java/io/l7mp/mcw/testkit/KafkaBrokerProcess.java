package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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

    private final ChildJvm child;
    private final String bootstrapServers;

    private KafkaBrokerProcess(ChildJvm child, String bootstrapServers) {
        this.child = child;
        this.bootstrapServers = bootstrapServers;
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
        ChildJvm child = ChildJvm.start("the Kafka broker process on port " + port, classpath, jvmOptions,
                KafkaBrokerMain.class, List.of("--port", String.valueOf(port),
                        "--controller-port", String.valueOf(controllerPort),
                        "--log-dir", workDir.resolve("kafka-data").toAbsolutePath().toString()),
                workDir.resolve("kafka.log"), STOP_TIMEOUT);
        child.awaitReady(START_TIMEOUT, Duration.ofMillis(200),
                output -> output.contains(KafkaBrokerMain.READY) && accepts(port));
        KafkaBrokerProcess broker = new KafkaBrokerProcess(child, KafkaBrokerConfig.HOST + ":" + port);
        LOGGER.infof("Kafka broker process %d listening on %s (log %s)", child.pid(), broker.bootstrapServers,
                child.logFile());
        return broker;
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
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

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s) and its descendants, and waits until they are gone. */
    @Override
    public void close() {
        child.close();
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

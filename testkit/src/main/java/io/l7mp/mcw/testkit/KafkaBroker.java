package io.l7mp.mcw.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) in this JVM, on free loopback ports, with
 * its log directory formatted first and deleted on {@link #close()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(KafkaBroker.class);
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean deleteLogDir;
    private final String bootstrapServers;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(KafkaRaftServer server, Path logDir, boolean deleteLogDir, String bootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.deleteLogDir = deleteLogDir;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a broker with a fresh temporary log directory; retries with new ports if one was taken meanwhile. */
    public static KafkaBroker start() {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path logDir = createTempDirectory();
            try {
                return start(logDir, FreePorts.next(), FreePorts.next(), true);
            } catch (RuntimeException e) {
                LOGGER.warnf("Kafka broker start attempt %d of %d failed: %s", attempt, START_ATTEMPTS, e.toString());
                deleteRecursively(logDir);
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * Starts a broker on {@code port} with a fresh temporary log directory: for a test whose clients must know the
     * address before the broker runs (a broker that comes up after its clients). Pick the port with
     * {@link #freePort()}.
     */
    public static KafkaBroker startOnPort(int port) {
        Path logDir = createTempDirectory();
        try {
            return start(logDir, port, FreePorts.next(), true);
        } catch (RuntimeException e) {
            deleteRecursively(logDir);
            throw e;
        }
    }

    /** A loopback port nobody listens on right now, for {@link #startOnPort(int)}. */
    public static int freePort() {
        return FreePorts.next();
    }

    /**
     * Starts a broker on the given ports with its data in {@code logDir}, formatting it unless it already holds a
     * broker's data (a restarted broker keeps its topics).
     */
    static KafkaBroker start(Path logDir, int port, int controllerPort, boolean deleteLogDirOnClose) {
        Map<String, String> properties = KafkaBrokerConfig.properties(port, controllerPort, logDir);
        format(properties);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(properties, false), Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
        String bootstrap = KafkaBrokerConfig.HOST + ":" + port;
        LOGGER.infof("Kafka broker listening on %s (data in %s)", bootstrap, logDir);
        return new KafkaBroker(server, logDir, deleteLogDirOnClose, bootstrap);
    }

    /** {@code host:port} for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates a topic with one replica unless it exists; {@code compacted} sets {@code cleanup.policy=compact}. */
    public void createTopic(String name, int partitions, boolean compacted) {
        createTopic(bootstrapServers, name, partitions, compacted);
    }

    static void createTopic(String bootstrapServers, String name, int partitions, boolean compacted) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1);
        if (compacted) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(java.util.List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name + " on " + bootstrapServers, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Topic " + name + " not created on " + bootstrapServers + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + name, e);
        }
    }

    /** Stops the broker and, for {@link #start()}, deletes its data. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDir) {
            deleteRecursively(logDir);
        }
        LOGGER.debugf("Kafka broker %s stopped", bootstrapServers);
    }

    private static void format(Map<String, String> properties) {
        Path logDir = Path.of(properties.get("log.dirs"));
        Path configFile = null;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            Files.createDirectories(logDir);
            configFile = Files.createTempFile("mcw-kafka-", ".properties");
            Properties config = new Properties();
            config.putAll(properties);
            try (var writer = Files.newBufferedWriter(configFile)) {
                config.store(writer, "mcw testkit broker");
            }
            int exitCode = StorageTool.execute(new String[] { "format", "--ignore-formatted",
                    "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString() },
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exitCode != 0) {
                throw new IllegalStateException("Formatting Kafka log dir " + logDir + " failed with exit code "
                        + exitCode + ": " + output.toString(StandardCharsets.UTF_8));
            }
            LOGGER.debugf("Formatted %s: %s", logDir, output.toString(StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot format Kafka log dir " + logDir, e);
        } finally {
            if (configFile != null) {
                configFile.toFile().delete();
            }
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("mcw-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the Kafka broker", e);
        }
    }

    static void deleteRecursively(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            LOGGER.warnf("Cannot delete %s: %s", dir, e.toString());
        }
    }
}

package io.l7mp.mcw.testkit;

import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * One Kafka broker per test JVM for {@code @QuarkusTest}s, started on first use and reused by every test class: a
 * Strimzi container when Docker is available, else the in-JVM {@link KafkaBroker}. System property or environment
 * variable {@code mcw.testkit.kafka} ({@code MCW_TESTKIT_KAFKA}) = {@code embedded} or {@code strimzi} forces one.
 * The broker stops when the JVM exits.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    public static final String MODE_PROPERTY = "mcw.testkit.kafka";
    /**
     * Holds the running broker's bootstrap servers, so that copies of this class in other class loaders (Quarkus
     * test class loading) find the same broker; set it beforehand to use an existing broker instead.
     */
    public static final String BOOTSTRAP_PROPERTY = "mcw.testkit.kafka.bootstrap-servers";

    private static final Logger LOGGER = Logger.getLogger(KafkaResource.class);
    private static AutoCloseable broker;

    @Override
    public Map<String, String> start() {
        String bootstrap = bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap,
                "quarkus.kafka.devservices.enabled", "false");
    }

    /** The broker lives as long as the JVM, for the next test class. */
    @Override
    public void stop() {
    }

    /** The bootstrap servers of the JVM's broker, starting it if needed. */
    public static synchronized String bootstrapServers() {
        String running = System.getProperty(BOOTSTRAP_PROPERTY);
        if (running != null && !running.isBlank()) {
            return running;
        }
        String bootstrap = startBroker();
        System.setProperty(BOOTSTRAP_PROPERTY, bootstrap);
        Runtime.getRuntime().addShutdownHook(new Thread(KafkaResource::stopBroker, "kafka-resource-stop"));
        return bootstrap;
    }

    /** Creates a topic on the JVM's broker unless it exists. */
    public static void createTopic(String name, int partitions, boolean compacted) {
        KafkaBroker.createTopic(bootstrapServers(), name, partitions, compacted);
    }

    private static String startBroker() {
        String mode = mode();
        if (!"embedded".equals(mode) && ("strimzi".equals(mode) || StrimziKafka.dockerAvailable())) {
            StrimziKafka strimzi = StrimziKafka.start();
            broker = strimzi;
            return strimzi.bootstrapServers();
        }
        LOGGER.info("Starting the in-JVM Kafka broker (no Docker, or mcw.testkit.kafka=embedded)");
        KafkaBroker embedded = KafkaBroker.start();
        broker = embedded;
        return embedded.bootstrapServers();
    }

    private static String mode() {
        String mode = System.getProperty(MODE_PROPERTY, System.getenv("MCW_TESTKIT_KAFKA"));
        return mode == null ? "auto" : mode.trim().toLowerCase(Locale.ROOT);
    }

    private static synchronized void stopBroker() {
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            LOGGER.warnf("Cannot stop the test Kafka broker: %s", e.toString());
        }
    }
}

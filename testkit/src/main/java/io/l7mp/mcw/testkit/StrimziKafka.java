package io.l7mp.mcw.testkit;

import java.util.Map;

import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;

import io.strimzi.test.container.StrimziKafkaContainer;

/**
 * A single-node KRaft Kafka in a Strimzi container, for machines with Docker. Configured like {@link KafkaBroker}.
 */
public final class StrimziKafka implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(StrimziKafka.class);

    private final StrimziKafkaContainer container;

    private StrimziKafka(StrimziKafkaContainer container) {
        this.container = container;
    }

    /** Whether Testcontainers can reach a Docker daemon; any error while asking counts as no. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            LOGGER.debugf("Docker is not available: %s", e.toString());
            return false;
        }
    }

    public static StrimziKafka start() {
        StrimziKafkaContainer container = new StrimziKafkaContainer().withKafkaConfigurationMap(Map.of(
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "true"));
        container.start();
        LOGGER.infof("Strimzi Kafka container listening on %s", container.getBootstrapServers());
        return new StrimziKafka(container);
    }

    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    /** Creates a topic with one replica unless it exists; {@code compacted} sets {@code cleanup.policy=compact}. */
    public void createTopic(String name, int partitions, boolean compacted) {
        KafkaBroker.createTopic(bootstrapServers(), name, partitions, compacted);
    }

    @Override
    public void close() {
        container.stop();
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Runs only where Docker is; {@link KafkaBrokerTest} covers the same ground without it. */
class StrimziKafkaTest {

    @Test
    void containerBrokerServesACompactedTopic() throws Exception {
        assumeTrue(StrimziKafka.dockerAvailable(), "Docker is not available: the Strimzi container cannot start");
        try (StrimziKafka kafka = StrimziKafka.start()) {
            // Given
            kafka.createTopic("mcw.exports", 1, true);

            // When
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    KafkaBrokerTest.producerConfig(kafka.bootstrapServers()))) {
                producer.send(new ProducerRecord<>("mcw.exports", "east/web", "v1")).get(60, TimeUnit.SECONDS);
            }

            // Then
            List<String> consumed = KafkaBrokerTest.consumeAll(kafka.bootstrapServers(), "mcw.exports", 1);
            assertThat(consumed).containsExactly("east/web=v1");
        }
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

class KafkaResourceTest {

    @Test
    void everyTestClassGetsTheSameWorkingBroker() throws Exception {
        // Given
        KafkaResource first = new KafkaResource();
        KafkaResource second = new KafkaResource();

        // When
        Map<String, String> firstConfig = first.start();
        first.stop();
        Map<String, String> secondConfig = second.start();

        // Then
        String bootstrap = KafkaResource.bootstrapServers();
        assertThat(firstConfig).containsEntry("kafka.bootstrap.servers", bootstrap)
                .containsEntry("mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap)
                .containsEntry("quarkus.kafka.devservices.enabled", "false");
        assertThat(secondConfig).isEqualTo(firstConfig);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(KafkaBrokerTest.producerConfig(bootstrap))) {
            RecordMetadata written = producer.send(new ProducerRecord<>("mcw.resource", "k", "v"))
                    .get(60, TimeUnit.SECONDS);
            assertThat(written.offset()).isGreaterThanOrEqualTo(0);
        }
    }
}

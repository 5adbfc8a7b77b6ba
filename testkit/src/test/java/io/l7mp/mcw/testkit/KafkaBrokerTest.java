package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void compactedTopicServesWhatAnIdempotentProducerWrote() throws Exception {
        // Given
        broker.createTopic("mcw.exports", 3, true);

        // When
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers()))) {
            producer.send(new ProducerRecord<>("mcw.exports", "east/web", "v1")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("mcw.exports", "west/db", "v2")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>("mcw.exports", "east/web", "v3")).get(30, TimeUnit.SECONDS);
        }

        // Then
        List<String> consumed = consumeAll(broker.bootstrapServers(), "mcw.exports", 3);
        assertThat(consumed).containsExactlyInAnyOrder("east/web=v1", "west/db=v2", "east/web=v3");
        assertThat(consumed.indexOf("east/web=v1")).isLessThan(consumed.indexOf("east/web=v3"));
        assertThat(cleanupPolicy(broker.bootstrapServers(), "mcw.exports")).isEqualTo("compact");
    }

    @Test
    void createTopicToleratesAnExistingTopic() throws Exception {
        // Given
        broker.createTopic("mcw.policies", 1, false);

        // When
        broker.createTopic("mcw.policies", 1, false);

        // Then
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("mcw.policies");
        }
        assertThat(cleanupPolicy(broker.bootstrapServers(), "mcw.policies")).isEqualTo("delete");
    }

    static Properties producerConfig(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    /** Reads {@code topic} from the beginning until {@code expected} records arrived; "key=value" each. */
    static List<String> consumeAll(String bootstrapServers, String topic, int expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + topic);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> consumed = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(Set.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> consumed.add(r.key() + "=" + r.value()));
                return consumed.size() >= expected;
            });
        }
        return consumed;
    }

    private static String cleanupPolicy(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get("cleanup.policy").value();
        }
    }
}

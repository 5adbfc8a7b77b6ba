package io.l7mp.mcw.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.testkit.KafkaBroker;

/** The state-topic view against a real broker: rebuild from the beginning, tombstones, dead letters. */
class StateTopicReaderTest {
    static KafkaBroker broker;
    static KafkaProducer<String, byte[]> producer;
    static Map<String, Object> config;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
        config = Map.of("bootstrap.servers", broker.bootstrapServers());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopBroker() {
        producer.close();
        broker.close();
    }

    static PolicyEvent policy(String name, int port) {
        return new PolicyEvent("cluster-1", name, "business", port, new Sla(100.0, 50.0, 1.0), null, List.of(), null,
                1);
    }

    static void send(String topic, String key, PolicyEvent event) throws Exception {
        CloudEventAttributes ce = CloudEventAttributes.create(EventTypes.POLICY, "cluster-1", "test", key,
                Instant.now());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key,
                event == null ? null : EventJson.write(event));
        ce.toHeaders().forEach((k, v) -> record.headers().add(k, v));
        producer.send(record).get();
    }

    static StateTopicReader<PolicyEvent> reader(String topic, List<String> deadLetters,
            List<Set<String>> changes) {
        DeadLetterSink sink = (ConsumerRecord<String, byte[]> r, String error) -> deadLetters.add(r.key() + ": "
                + error);
        return new StateTopicReader<>(config, topic, "test",
                EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key), sink,
                (view, changed) -> changes.add(changed));
    }

    @Test
    void rebuildsTheLatestStateFromTheBeginningBeforeReportingCaughtUp() throws Exception {
        // Given
        String topic = "state-rebuild";
        TopicAdmin.ensure(config, List.of(TopicSpec.state(topic)), 1);
        send(topic, "cluster-1/high", policy("high", 31111));
        send(topic, "cluster-1/low", policy("low", 31112));
        send(topic, "cluster-1/high", policy("high", 31113));
        send(topic, "cluster-1/low", null);
        List<Set<String>> changes = new CopyOnWriteArrayList<>();

        // When
        try (StateTopicReader<PolicyEvent> reader = reader(topic, new ArrayList<>(), changes)) {
            reader.start();
            reader.caughtUp().get(30, java.util.concurrent.TimeUnit.SECONDS);

            // Then
            assertThat(reader.view()).containsOnlyKeys("cluster-1/high");
            assertThat(reader.view().get("cluster-1/high").port()).isEqualTo(31113);
            assertThat(changes).hasSize(1);

            // And live changes follow
            send(topic, "cluster-1/other", policy("other", 31114));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(reader.view()).containsKey("cluster-1/other"));
            assertThat(changes.get(changes.size() - 1)).containsExactly("cluster-1/other");
        }
    }

    @Test
    void unparsableRecordsGoToTheDeadLetterSinkAndChangeNothing() throws Exception {
        // Given
        String topic = "state-garbage";
        TopicAdmin.ensure(config, List.of(TopicSpec.state(topic)), 1);
        send(topic, "cluster-1/high", policy("high", 31111));
        List<String> deadLetters = new CopyOnWriteArrayList<>();

        try (StateTopicReader<PolicyEvent> reader = reader(topic, deadLetters, new CopyOnWriteArrayList<>())) {
            reader.start();
            reader.caughtUp().get(30, java.util.concurrent.TimeUnit.SECONDS);

            // When: garbage, a wrong key, and a valid tombstone-shaped key for a missing entry
            producer.send(new ProducerRecord<>(topic, "cluster-1/high", "not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
            send(topic, "cluster-1/mismatch", policy("high", 31111));
            send(topic, "no-slash", null);

            // Then
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetters).hasSize(3));
            assertThat(deadLetters.get(0)).contains("ce_specversion is missing");
            assertThat(deadLetters.get(1)).contains("does not match the event, expected 'cluster-1/high'");
            assertThat(deadLetters.get(2)).contains("'no-slash'");
            assertThat(reader.view()).containsOnlyKeys("cluster-1/high");
            assertThat(reader.view().get("cluster-1/high").port()).isEqualTo(31111);
        }
    }

    @Test
    void waitsForATopicThatDoesNotExistYet() throws Exception {
        // Given
        String topic = "state-late";
        try (StateTopicReader<PolicyEvent> reader = reader(topic, new ArrayList<>(), new CopyOnWriteArrayList<>())) {
            reader.start();
            assertThat(reader.isCaughtUp()).isFalse();

            // When
            TopicAdmin.ensure(config, List.of(TopicSpec.state(topic)), 1);
            send(topic, "cluster-1/high", policy("high", 31111));

            // Then
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(reader.view()).containsKey("cluster-1/high"));
            assertThat(reader.isCaughtUp()).isTrue();
        }
    }

    @Test
    void aBrokerThatComesUpLaterIsWaitedForAndCaughtUpIsReportedOnlyOnRealCatchUp() throws Exception {
        // Given: a reader whose broker is not up yet
        int port = KafkaBroker.freePort();
        Map<String, Object> lateConfig = Map.of("bootstrap.servers", "127.0.0.1:" + port);
        String topic = "state-broker-late";
        List<Set<String>> changes = new CopyOnWriteArrayList<>();
        StateTopicReader<PolicyEvent> reader = new StateTopicReader<>(lateConfig, topic, "test-late",
                EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key),
                (r, error) -> {
                }, (view, changed) -> changes.add(changed));
        try (reader) {
            reader.start();

            // When: it has tried for a while
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(reader.problem()).hasValueSatisfying(
                            p -> assertThat(p).containsAnyOf("failed", "does not exist")));

            // Then: it has not caught up, and says why
            assertThat(reader.isCaughtUp()).isFalse();
            assertThat(reader.caughtUp()).isNotDone();
            assertThat(changes).isEmpty();

            // When: the broker comes up with the topic and an event on it
            try (KafkaBroker late = KafkaBroker.startOnPort(port);
                    KafkaProducer<String, byte[]> lateProducer = new KafkaProducer<>(
                            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, late.bootstrapServers()),
                            new StringSerializer(), new ByteArraySerializer())) {
                TopicAdmin.ensure(lateConfig, List.of(TopicSpec.state(topic)), 1);
                CloudEventAttributes ce = CloudEventAttributes.create(EventTypes.POLICY, "cluster-1", "test",
                        "cluster-1/high", Instant.now());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "cluster-1/high",
                        EventJson.write(policy("high", 31111)));
                ce.toHeaders().forEach((k, v) -> record.headers().add(k, v));
                lateProducer.send(record).get();

                // Then: the reader catches up with it, and only now reports so
                reader.caughtUp().get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(reader.view()).containsOnlyKeys("cluster-1/high");
                assertThat(reader.problem()).isEmpty();
                assertThat(changes).isNotEmpty();
            }
        }
    }
}

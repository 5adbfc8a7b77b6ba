package io.l7mp.mcw.gateway.adapter;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.l7mp.mcw.api.event.CloudEventAttributes;

/** Puts events on the topics as the other services would: CloudEvents headers, JSON value, acknowledged. */
final class TopicEvents implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    TopicEvents(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new ByteArraySerializer());
    }

    void put(String topic, String key, String type, String cluster, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        CloudEventAttributes.create(type, cluster, "test", key, Instant.now()).toHeaders()
                .forEach((name, bytes) -> record.headers().add(name, bytes));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot put " + key + " on " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

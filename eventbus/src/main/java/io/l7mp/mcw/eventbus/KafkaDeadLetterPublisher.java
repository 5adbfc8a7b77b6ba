package io.l7mp.mcw.eventbus;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends unparsable records to the dead-letter topic under their original key, value and headers,
 * adding {@code mcw-dlq-error}, {@code mcw-dlq-topic}, {@code mcw-dlq-partition}, {@code mcw-dlq-offset}
 * and {@code mcw-dlq-consumer}; counts them in {@code mcw_events_dead_lettered_total} and logs one line each.
 */
public final class KafkaDeadLetterPublisher implements DeadLetterSink, AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(KafkaDeadLetterPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String consumer;
    private final MeterRegistry registry;

    public KafkaDeadLetterPublisher(Map<String, Object> kafkaConfig, String topic, String consumer,
            MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(KafkaConfigs.client(kafkaConfig));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, consumer + "-dead-letter");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.consumer = consumer;
        this.registry = registry;
    }

    /**
     * Starts {@code mcw_events_dead_lettered_total} of {@code topic} at 0: a counter born at 1 by its first dead
     * letter would have no earlier sample, and {@code increase()} (dashboards, the dead-letter alert) would not see it.
     */
    @Override
    public void reading(String topic) {
        counter(topic);
    }

    private Counter counter(String topic) {
        return Counter.builder("mcw_events_dead_lettered_total")
                .description("Records that could not be parsed, by source topic")
                .tag("topic", topic).tag("consumer", consumer).register(registry);
    }

    @Override
    public void deadLetter(org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]> record, String error) {
        LOGGER.warnf("dead-lettered record: topic=%s partition=%d offset=%d key=%s error=%s", record.topic(),
                record.partition(), record.offset(), record.key(), error);
        counter(record.topic()).increment();
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(topic, record.key(), record.value());
        for (Header h : record.headers()) {
            out.headers().add(h);
        }
        out.headers().add("mcw-dlq-error", utf8(error));
        out.headers().add("mcw-dlq-topic", utf8(record.topic()));
        out.headers().add("mcw-dlq-partition", utf8(Integer.toString(record.partition())));
        out.headers().add("mcw-dlq-offset", utf8(Long.toString(record.offset())));
        out.headers().add("mcw-dlq-consumer", utf8(consumer));
        producer.send(out, (meta, e) -> {
            if (e != null) {
                LOGGER.errorf("cannot write dead letter for %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}

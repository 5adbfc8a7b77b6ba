package io.l7mp.mcw.imports.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.testkit.KafkaResource;

/**
 * The test's own producer and consumer: puts export events on the bus as an export-service would (and tunnel health
 * and gateway events as a telemetry-service and a gateway would), reads imports.
 */
final class BusClient implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    BusClient() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** One record of the imports topic: the event, or null for a tombstone, with its CloudEvents attributes. */
    record ImportRecord(String key, ImportEvent event, Map<String, String> headers) {
    }

    RecordMetadata export(ExportEvent event) {
        return send(new ProducerRecord<>(Topics.EXPORTS, event.key(), EventJson.write(event)), EventTypes.EXPORT,
                event.cluster(), "export-service");
    }

    /** Sends an export with a trace context ({@code ce_traceparent}), as a traced export-service would. */
    RecordMetadata export(ExportEvent event, String traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EXPORTS, event.key(),
                EventJson.write(event));
        record.headers().add(CloudEventAttributes.H_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        return send(record, EventTypes.EXPORT, event.cluster(), "export-service");
    }

    /** Sends an export to a given partition, whatever its key hashes to (a barrier behind earlier records). */
    RecordMetadata export(ExportEvent event, int partition) {
        return send(new ProducerRecord<>(Topics.EXPORTS, partition, event.key(), EventJson.write(event)),
                EventTypes.EXPORT, event.cluster(), "export-service");
    }

    RecordMetadata withdraw(String cluster, String namespace, String name) {
        String key = cluster + "/" + namespace + "/" + name;
        return send(new ProducerRecord<>(Topics.EXPORTS, key, null), EventTypes.EXPORT, cluster, "export-service");
    }

    RecordMetadata tunnelHealth(TunnelHealthEvent event) {
        return send(new ProducerRecord<>(Topics.TUNNEL_HEALTH, event.key(), EventJson.write(event)),
                EventTypes.TUNNEL_HEALTH, event.sourceCluster(), "telemetry-service");
    }

    /** Sends a tunnel health report to a given partition (a barrier behind earlier records there). */
    RecordMetadata tunnelHealth(TunnelHealthEvent event, int partition) {
        return send(new ProducerRecord<>(Topics.TUNNEL_HEALTH, partition, event.key(), EventJson.write(event)),
                EventTypes.TUNNEL_HEALTH, event.sourceCluster(), "telemetry-service");
    }

    RecordMetadata policy(PolicyEvent event) {
        return send(new ProducerRecord<>(Topics.POLICIES, event.key(), EventJson.write(event)), EventTypes.POLICY,
                event.cluster(), "policy-service");
    }

    RecordMetadata gatewayEvent(GatewayEvent event) {
        return send(new ProducerRecord<>(Topics.GATEWAY_EVENTS, event.key(), EventJson.write(event)),
                EventTypes.GATEWAY, event.cluster(), "gateway-service");
    }

    private RecordMetadata send(ProducerRecord<String, byte[]> record, String type, String cluster, String service) {
        String key = record.key();
        CloudEventAttributes.create(type, cluster, service, key, Instant.now()).toHeaders()
                .forEach((name, value) -> record.headers().add(name, value));
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send " + key, e.getCause());
        }
    }

    /** Every record of the imports topic under {@code key}, oldest first. */
    static List<ImportRecord> imports(String key) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.IMPORTS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ImportRecord> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        records.add(new ImportRecord(r.key(),
                                r.value() == null ? null : EventJson.read(r.value(), ImportEvent.class), headers(r)));
                    }
                }
            }
            return records;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        return headers.stream().collect(Collectors.toMap(Header::key, h -> new String(h.value()), (a, b) -> b));
    }

    @Override
    public void close() {
        producer.close();
    }
}

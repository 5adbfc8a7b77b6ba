package io.l7mp.mcw.telemetry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;

/**
 * Another cluster of the clusterset as the telemetry-service sees it: what its policy-service and export-service
 * publish, written straight to the topics as CloudEvents.
 */
final class PeerCluster implements AutoCloseable {
    static final String TUNNEL = "business";
    static final String POLICY = "sd-wan-priority-high";
    static final Sla SLA = new Sla(100.0, 50.0, 5.0);

    private final KafkaProducer<String, byte[]> producer;
    private final String cluster;

    PeerCluster(String bootstrap, String cluster) {
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer());
        this.cluster = cluster;
    }

    /** Its WAN policy {@link #POLICY} on tunnel {@link #TUNNEL} (port {@code port}) is accepted, and it exports a service. */
    void exportsOverTunnel(String ingressAddress, int port) {
        PolicyEvent policy = new PolicyEvent(cluster, POLICY, TUNNEL, port, SLA, null, List.of(), null, 1);
        send(Topics.POLICIES, policy.key(), EventTypes.POLICY, EventJson.write(policy));
        ExportEvent export = new ExportEvent(cluster, "secure", "payment", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(policy), ingressAddress, 1,
                Instant.parse("2026-12-01T10:00:00Z"));
        send(Topics.EXPORTS, export.key(), EventTypes.EXPORT, EventJson.write(export));
    }

    /** It unexports the service: a tombstone on the exports topic. */
    void withdrawsItsExport() {
        send(Topics.EXPORTS, cluster + "/secure/payment", EventTypes.EXPORT, null);
    }

    /** The key of its tunnel's health events, as cluster-1 probes it. */
    String tunnelKey() {
        return "cluster-1/" + cluster + "/" + TUNNEL;
    }

    private void send(String topic, String key, String type, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        CloudEventAttributes.create(type, cluster, "test", key, Instant.now()).toHeaders()
                .forEach((name, bytes) -> record.headers().add(name, bytes));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + key + " to " + topic, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

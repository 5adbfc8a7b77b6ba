package io.l7mp.mcw.sandbox.bench;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * Writes what the policy- and export-services of simulated clusters would publish, without running them: each
 * cluster's accepted WAN policies (the seed's two, as {@code k8s/examples/service-level/wanpolicies.yaml} defines
 * them) on {@code mcw.policies.v1}, and its exports on {@code mcw.exports.v1}. The records are the services' own:
 * the same event records serialized by {@link EventJson}, the same key, and the CloudEvents headers of
 * {@link CloudEventAttributes} with the source a real service gives ({@code /clusters/<cluster>/export-service}).
 * Unlike the services, the events carry no trace context (no span publishes them). One idempotent producer with
 * {@code acks=all}, as the services', batching as much as it can: the fleet arrives as fast as one producer allows.
 */
final class FleetPublisher implements AutoCloseable {

    /** The services whose events are simulated: the {@code source} of their CloudEvents. */
    private static final String POLICY_SERVICE = "policy-service";
    private static final String EXPORT_SERVICE = "export-service";
    static final String POLICY = "sd-wan-priority-high";
    /** The port every simulated Service exposes. */
    static final int SERVICE_PORT = 8080;

    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    FleetPublisher(String bootstrapServers, Clock clock) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "mcw-fleet-benchmark");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        this.clock = clock;
    }

    /** The seed's two policies, as cluster {@code cluster}'s policy-service publishes them once accepted. */
    static List<PolicyEvent> policies(String cluster) {
        return List.of(new PolicyEvent(cluster, POLICY, "business", 31111, new Sla(100.0, 50.0, 1.0), null, List.of(),
                null, 1),
                new PolicyEvent(cluster, "sd-wan-priority-low", "internet", 31112, new Sla(300.0, 100.0, 5.0),
                        null, List.of(), null, 1));
    }

    /**
     * A Service with one TCP port ({@value #SERVICE_PORT}, named http) exported by {@code cluster} under
     * {@link #POLICY}, with one ready endpoint, as its export-service would describe it.
     */
    static ExportEvent export(String cluster, String ingressAddress, String namespace, String name,
            Instant exportCreated) {
        ExportedPolicy policy = ExportedPolicy.of(policies(cluster).get(0));
        return new ExportEvent(cluster, namespace, name, null, null,
                List.of(new ExportPort("http", ExportPort.TCP, null, SERVICE_PORT)), policy, ingressAddress, 1,
                exportCreated);
    }

    /** Sends without waiting for the broker; {@link #flush()} waits for every send. */
    Future<RecordMetadata> publish(PolicyEvent event) {
        return send(Topics.POLICIES, EventTypes.POLICY, event.cluster(), POLICY_SERVICE, event.key(), event);
    }

    Future<RecordMetadata> publish(ExportEvent event) {
        return send(Topics.EXPORTS, EventTypes.EXPORT, event.cluster(), EXPORT_SERVICE, event.key(), event);
    }

    /** Sends one export and waits until the broker has it. */
    void publishNow(ExportEvent event) throws InterruptedException {
        try {
            publish(event).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("The broker refused the export " + event.key() + ": " + e.getCause(), e);
        }
    }

    /**
     * Waits until the broker acknowledged every record sent so far.
     *
     * @throws IllegalStateException when any was refused, with the first failure
     */
    void flush() {
        producer.flush();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " records were refused by the broker; the first: "
                    + firstFailure.get(), firstFailure.get());
        }
    }

    private Future<RecordMetadata> send(String topic, String type, String cluster, String service, String key,
            Object event) {
        CloudEventAttributes attributes = CloudEventAttributes.create(type, cluster, service, key, clock.instant());
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, byte[]> header : attributes.toHeaders().entrySet()) {
            headers.add(header.getKey(), header.getValue());
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, key, EventJson.write(event), headers);
        return producer.send(record, (metadata, failure) -> {
            if (failure != null && failures.incrementAndGet() == 1) {
                firstFailure.set(failure);
            }
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}

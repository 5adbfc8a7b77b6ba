package io.l7mp.mcw.policy.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.eventbus.KafkaEvents;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.PolicyChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Writes policy events and tombstones to {@code mcw.policies.v1} as CloudEvents (binary mode), key
 * {@code <cluster>/<name>}, source {@code /clusters/<cluster>/policy-service}.
 */
@ApplicationScoped
public class PolicyEventPublisher implements PolicyReconciliation.EventSink {
    public static final String SERVICE = "policy-service";

    @Inject
    @Channel("policies-out")
    Emitter<Record<String, byte[]>> emitter;

    @Inject
    ClusterConfig cluster;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Override
    public CompletionStage<Void> send(PolicyChange change) {
        CloudEventAttributes attributes = CloudEventAttributes.create(EventTypes.POLICY, cluster.name(), SERVICE,
                change.key(), clock.instant());
        Message<Record<String, byte[]>> message = change instanceof PolicyChange.Publish p
                ? KafkaEvents.event(p.key(), attributes, p.event())
                : KafkaEvents.tombstone(change.key(), attributes);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            emitter.send(message.withAck(() -> {
                published().increment();
                done.complete(null);
                return CompletableFuture.completedFuture(null);
            }).withNack(failure -> {
                done.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            // the emitter refuses messages when its buffer is full or the channel is down
            done.completeExceptionally(e);
        }
        return done;
    }

    private Counter published() {
        return Counter.builder("mcw_events_published_total").description("Records written to Kafka, by topic")
                .tag("topic", topics.policies()).register(registry);
    }
}

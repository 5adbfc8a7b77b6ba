package io.l7mp.mcw.export.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.eventbus.KafkaEvents;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Sends export events and tombstones to the exports topic (channel {@code exports-out}), as
 * CloudEvents from {@code /clusters/<cluster>/export-service} with the key as subject.
 */
@ApplicationScoped
public class ExportEventPublisher {
    public static final String SERVICE_NAME = "export-service";

    @Inject
    @Channel("exports-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    Emitter<Record<String, byte[]>> emitter;

    @Inject
    ClusterConfig cluster;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    /** Completes when the broker acknowledged the event, exceptionally when it was refused. */
    public CompletableFuture<Void> publish(ExportEvent event) {
        return send(KafkaEvents.event(event.key(), attributes(event.key()), event));
    }

    public CompletableFuture<Void> tombstone(String key) {
        return send(KafkaEvents.tombstone(key, attributes(key)));
    }

    private CompletableFuture<Void> send(Message<Record<String, byte[]>> message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        emitter.send(message.withAck(() -> {
            registry.counter("mcw_events_published_total", "topic", topics.exports()).increment();
            done.complete(null);
            return CompletableFuture.completedFuture(null);
        }).withNack(e -> {
            done.completeExceptionally(e);
            return CompletableFuture.completedFuture(null);
        }));
        return done;
    }

    private CloudEventAttributes attributes(String key) {
        return CloudEventAttributes.create(EventTypes.EXPORT, cluster.name(), SERVICE_NAME, key, clock.instant());
    }
}

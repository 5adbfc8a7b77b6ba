package io.l7mp.mcw.export.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.eventbus.EventSender;
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
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private volatile EventSender sender;

    /** Sends as {@code cluster} (this cluster's id) from now on. */
    public void start(String cluster) {
        sender = new EventSender(emitter, topics.exports(), EventTypes.EXPORT, cluster, SERVICE_NAME, clock, registry);
    }

    /** Completes when the broker acknowledged the event, exceptionally when it was refused. */
    public CompletionStage<Void> publish(ExportEvent event) {
        return sender.send(event.key(), event);
    }

    public CompletionStage<Void> tombstone(String key) {
        return sender.send(key, null);
    }
}

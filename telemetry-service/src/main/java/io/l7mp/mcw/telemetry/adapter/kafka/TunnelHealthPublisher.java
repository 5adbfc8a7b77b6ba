package io.l7mp.mcw.telemetry.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.eventbus.EventSender;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Sends tunnel health events and tombstones to the tunnel-health topic (channel {@code tunnel-health-out}), as
 * CloudEvents from {@code /clusters/<cluster>/telemetry-service} with the key as subject.
 */
@ApplicationScoped
public class TunnelHealthPublisher {
    public static final String SERVICE_NAME = "telemetry-service";

    @Inject
    @Channel("tunnel-health-out")
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

    private EventSender sender;

    @PostConstruct
    void init() {
        sender = new EventSender(emitter, topics.tunnelHealth(), EventTypes.TUNNEL_HEALTH, cluster.name(),
                SERVICE_NAME, clock, registry);
    }

    /** Completes when the broker acknowledged the event, exceptionally when it was refused. */
    public CompletionStage<Void> publish(TunnelHealthEvent event) {
        return sender.send(event.key(), event);
    }

    /** The tunnel is no longer probed: consumers forget it. */
    public CompletionStage<Void> tombstone(String key) {
        return sender.send(key, null);
    }
}

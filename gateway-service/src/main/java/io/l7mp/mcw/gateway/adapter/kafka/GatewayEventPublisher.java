package io.l7mp.mcw.gateway.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.eventbus.EventSender;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Writes this cluster's gateway events to {@code mcw.gateway-events.v1} (key {@code <cluster>}, CloudEvents type
 * {@code io.l7mp.mcw.gateway.v1}, source {@code /clusters/<cluster>/gateway-service}).
 */
@ApplicationScoped
public class GatewayEventPublisher {
    @Inject
    @Channel("gateway-events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
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
        sender = new EventSender(emitter, topics.gatewayEvents(), EventTypes.GATEWAY, cluster.name(),
                EventViews.SERVICE_NAME, clock, registry);
    }

    /** Completes when the broker has it, exceptionally when it was refused. */
    public CompletionStage<Void> publish(GatewayEvent event) {
        return sender.send(event.key(), event);
    }
}

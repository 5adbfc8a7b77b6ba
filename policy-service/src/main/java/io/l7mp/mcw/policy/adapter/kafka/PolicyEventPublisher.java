package io.l7mp.mcw.policy.adapter.kafka;

import java.time.Clock;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.eventbus.EventSender;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.PolicyChange;
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
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private volatile EventSender sender;

    /** Sends as {@code cluster} (this cluster's id) from now on. */
    public void start(String cluster) {
        sender = new EventSender(emitter, topics.policies(), EventTypes.POLICY, cluster, SERVICE, clock, registry);
    }

    @Override
    public CompletionStage<Void> send(PolicyChange change) {
        return sender.send(change.key(), change instanceof PolicyChange.Publish p ? p.event() : null);
    }
}

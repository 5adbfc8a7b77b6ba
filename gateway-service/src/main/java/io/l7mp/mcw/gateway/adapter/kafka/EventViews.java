package io.l7mp.mcw.gateway.adapter.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.EventParsers;
import io.l7mp.mcw.eventbus.KafkaDeadLetterPublisher;
import io.l7mp.mcw.eventbus.StateTopicReader;
import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topic views the route table is built from: every cluster's exports (where to send) and this cluster's
 * accepted policies (which ingress ports to open). Unparsable records go to the dead-letter topic.
 */
@ApplicationScoped
public class EventViews {
    public static final String SERVICE_NAME = "gateway-service";
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    ClusterConfig cluster;

    @Inject
    MeterRegistry registry;

    private KafkaDeadLetterPublisher deadLetters;
    private StateTopicReader<PolicyEvent> policies;
    private StateTopicReader<ExportEvent> exports;

    /** Creates missing topics; blocks until the broker answered. */
    public void ensureTopics() {
        TopicAdmin.ensure(kafkaConfig, List.of(TopicSpec.state(topics.policies()), TopicSpec.state(topics.exports()),
                TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION)), topics.replicationFactor());
    }

    /** Starts both readers; {@code trigger} runs at catch-up, on any export change and on this cluster's policies. */
    public synchronized void start(Runnable trigger) {
        String clientId = SERVICE_NAME + "-" + cluster.name();
        deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(), SERVICE_NAME, registry);
        String ownPrefix = cluster.name() + "/";
        policies = new StateTopicReader<>(kafkaConfig, topics.policies(), clientId + "-policies",
                EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key), deadLetters,
                (view, changed) -> {
                    if (changed.stream().anyMatch(k -> k.startsWith(ownPrefix))) {
                        trigger.run();
                    }
                });
        exports = new StateTopicReader<>(kafkaConfig, topics.exports(), clientId + "-exports",
                EventParsers.json(ExportEvent.class, EventTypes.EXPORT, 3, ExportEvent::key), deadLetters,
                (view, changed) -> trigger.run());
        policies.start();
        exports.start();
        CompletableFuture.allOf(policies.caughtUp(), exports.caughtUp()).thenRun(trigger);
    }

    public boolean caughtUp() {
        return policies != null && exports != null && policies.isCaughtUp() && exports.isCaughtUp();
    }

    /** This cluster's accepted policies: a policy accepted elsewhere opens no port here. */
    public List<PolicyEvent> ownPolicies() {
        String ownPrefix = cluster.name() + "/";
        return policies == null ? List.of()
                : policies.view().entrySet().stream().filter(e -> e.getKey().startsWith(ownPrefix))
                        .map(Map.Entry::getValue).toList();
    }

    /** Every cluster's exports, this cluster's included. */
    public List<ExportEvent> exports() {
        return exports == null ? List.of() : List.copyOf(exports.view().values());
    }

    public synchronized void stop() {
        if (policies != null) {
            policies.close();
        }
        if (exports != null) {
            exports.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}

package io.l7mp.mcw.export.adapter.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

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
 * The topic views the export-service decides from: this cluster's accepted policies and every
 * cluster's exports (its own, to diff against; the others', for conflicts). Unparsable records go
 * to the dead-letter topic.
 */
@ApplicationScoped
public class EventViews {
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

    /**
     * Starts both readers. {@code trigger} runs at catch-up and on every change that can matter:
     * any export (conflicts), and policies of this cluster only.
     */
    public synchronized void start(Runnable trigger) {
        String clientId = ExportEventPublisher.SERVICE_NAME + "-" + cluster.name();
        deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(),
                ExportEventPublisher.SERVICE_NAME, registry);
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

    /** The policies view, this cluster's keys only: a policy accepted elsewhere does not count here. */
    public Map<String, PolicyEvent> ownPolicies() {
        String ownPrefix = cluster.name() + "/";
        return policies.view().entrySet().stream().filter(e -> e.getKey().startsWith(ownPrefix))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The exports view: every cluster's keys. */
    public Map<String, ExportEvent> exports() {
        return exports.view();
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

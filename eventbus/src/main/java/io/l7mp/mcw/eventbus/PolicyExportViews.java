package io.l7mp.mcw.eventbus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The two state topics a cluster's decisions rest on, read whole from the beginning: the accepted WAN policies (only
 * this cluster's keys count here: a policy accepted elsewhere names no port of this cluster) and every cluster's
 * exports. Unparsable records go to the dead-letter topic. The export-service decides exports from them, the
 * gateway-service builds its route table from them.
 */
public final class PolicyExportViews implements AutoCloseable {
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);

    private final String ownPrefix;
    private final KafkaDeadLetterPublisher deadLetters;
    private final StateTopicReader<PolicyEvent> policies;
    private final StateTopicReader<ExportEvent> exports;

    private PolicyExportViews(String cluster, KafkaDeadLetterPublisher deadLetters,
            StateTopicReader<PolicyEvent> policies, StateTopicReader<ExportEvent> exports) {
        this.ownPrefix = cluster + "/";
        this.deadLetters = deadLetters;
        this.policies = policies;
        this.exports = exports;
    }

    /** Creates the policy, export and dead-letter topics when missing, in the background (retried until done). */
    public static void ensureTopics(Map<String, Object> kafkaConfig, TopicsConfig topics) {
        TopicAdmin.ensureInBackground(kafkaConfig,
                List.of(TopicSpec.state(topics.policies()), TopicSpec.state(topics.exports()),
                        TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION)),
                topics.replicationFactor());
    }

    /**
     * Starts both readers. {@code trigger} runs once both have caught up, then on every change that can matter: any
     * export, and the policies of this cluster only.
     *
     * @param service the reading service's name: the prefix of its Kafka client ids and the source of its dead
     *        letters
     */
    public static PolicyExportViews start(Map<String, Object> kafkaConfig, TopicsConfig topics, String cluster,
            String service, MeterRegistry registry, Runnable trigger) {
        String clientId = service + "-" + cluster;
        String ownPrefix = cluster + "/";
        KafkaDeadLetterPublisher deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(), service,
                registry);
        StateTopicReader<PolicyEvent> policies = new StateTopicReader<>(kafkaConfig, topics.policies(),
                clientId + "-policies", EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key),
                deadLetters, (view, changed) -> {
                    if (changed.stream().anyMatch(k -> k.startsWith(ownPrefix))) {
                        trigger.run();
                    }
                });
        StateTopicReader<ExportEvent> exports = new StateTopicReader<>(kafkaConfig, topics.exports(),
                clientId + "-exports", EventParsers.json(ExportEvent.class, EventTypes.EXPORT, 3, ExportEvent::key),
                deadLetters, (view, changed) -> trigger.run());
        policies.start();
        exports.start();
        CompletableFuture.allOf(policies.caughtUp(), exports.caughtUp()).thenRun(trigger);
        return new PolicyExportViews(cluster, deadLetters, policies, exports);
    }

    /** Where records that cannot be parsed go; for the other readers of the same service. */
    public DeadLetterSink deadLetters() {
        return deadLetters;
    }

    /** True once both topics were read up to the end they had when the readers started. */
    public boolean caughtUp() {
        return policies.isCaughtUp() && exports.isCaughtUp();
    }

    /** Why the views have not caught up yet (one line per reader still reading); empty once both have. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        policies.problem().ifPresent(problems::add);
        exports.problem().ifPresent(problems::add);
        return problems;
    }

    /** Every cluster's accepted policies, by key: the tunnels a destination cluster can be reached on. */
    public Map<String, PolicyEvent> allPolicies() {
        return policies.view();
    }

    /** This cluster's accepted policies, by key, in the order of the topic view. */
    public Map<String, PolicyEvent> ownPolicies() {
        Map<String, PolicyEvent> own = new LinkedHashMap<>();
        policies.view().forEach((key, policy) -> {
            if (key.startsWith(ownPrefix)) {
                own.put(key, policy);
            }
        });
        return Collections.unmodifiableMap(own);
    }

    /** Every cluster's exports, this cluster's included, by key. */
    public Map<String, ExportEvent> exports() {
        return exports.view();
    }

    @Override
    public void close() {
        policies.close();
        exports.close();
        deadLetters.close();
    }
}

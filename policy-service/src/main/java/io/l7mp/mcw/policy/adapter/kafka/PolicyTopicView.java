package io.l7mp.mcw.policy.adapter.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.EventParsers;
import io.l7mp.mcw.eventbus.KafkaDeadLetterPublisher;
import io.l7mp.mcw.eventbus.StateTopicReader;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.PolicyPlanner;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * What the policies topic holds for this cluster: the "actual" side of the reconciler. Read from the
 * beginning at every start, so that a policy deleted while the service was down is still seen (and
 * then tombstoned) and an unchanged one is not published again.
 */
@ApplicationScoped
public class PolicyTopicView implements PolicyReconciliation.EventView {
    static final String CONSUMER = "policy-service";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    private volatile StateTopicReader<PolicyEvent> reader;
    private volatile String cluster;
    private KafkaDeadLetterPublisher deadLetters;

    /**
     * Starts reading for {@code cluster} (this cluster's id, whose keys are ours); {@code onChange} runs on the reader
     * thread once caught up and after changes to our keys.
     */
    public void start(String cluster, Runnable onChange) {
        this.cluster = cluster;
        deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(), CONSUMER, registry);
        StateTopicReader<PolicyEvent> r = new StateTopicReader<>(kafkaConfig, topics.policies(),
                CONSUMER + "-" + cluster + "-policies",
                EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key), deadLetters,
                (view, changed) -> {
                    if (changed.stream().anyMatch(this::own)) {
                        onChange.run();
                    }
                });
        reader = r;
        r.caughtUp().thenRun(onChange);
        r.start();
    }

    @Override
    public boolean caughtUp() {
        StateTopicReader<PolicyEvent> r = reader;
        return r != null && r.isCaughtUp();
    }

    /** While not caught up: why, for the readiness check. */
    public Optional<String> problem() {
        StateTopicReader<PolicyEvent> r = reader;
        return r == null ? Optional.of("not started") : r.problem();
    }

    @Override
    public Map<String, PolicyEvent> events() {
        return reader.view().entrySet().stream().filter(e -> own(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private boolean own(String key) {
        return PolicyPlanner.ownKey(cluster, key);
    }

    public void stop() {
        if (reader != null) {
            reader.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
    }
}

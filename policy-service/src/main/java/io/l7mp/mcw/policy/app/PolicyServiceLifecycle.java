package io.l7mp.mcw.policy.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStore;
import io.l7mp.mcw.policy.adapter.kafka.PolicyTopicView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Start-up order: topics exist, the reconciler thread runs, then the topic reader and the informer
 * start and trigger passes. The reconciler itself waits until both have synced before acting.
 */
@ApplicationScoped
public class PolicyServiceLifecycle {
    private static final Logger LOGGER = Logger.getLogger(PolicyServiceLifecycle.class);
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    ClusterConfig cluster;

    @Inject
    PolicyReconciler reconciler;

    @Inject
    PolicyTopicView view;

    @Inject
    WanPolicyStore store;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("policy-service starting: cluster=%s topic=%s", cluster.name(), topics.policies());
        TopicAdmin.ensureInBackground(kafkaConfig,
                List.of(TopicSpec.state(topics.policies()), TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION)),
                topics.replicationFactor());
        reconciler.start();
        view.start(reconciler::trigger);
        store.start(reconciler::trigger);
    }

    void onStop(@Observes ShutdownEvent event) {
        store.stop();
        view.stop();
        reconciler.stop();
    }
}

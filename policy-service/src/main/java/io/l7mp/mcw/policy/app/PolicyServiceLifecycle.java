package io.l7mp.mcw.policy.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.about.ClusterIdState;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.api.about.ClusterIds;
import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStore;
import io.l7mp.mcw.policy.adapter.kafka.PolicyEventPublisher;
import io.l7mp.mcw.policy.adapter.kafka.PolicyTopicView;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * Start-up order: topics exist, the informer starts, the cluster id is read (ClusterProperty
 * cluster.clusterset.k8s.io, else mcw.cluster.name), then the reconciler thread runs and the topic reader starts
 * as that id. The reconciler itself waits until both have synced before acting.
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

    @Inject
    PolicyEventPublisher publisher;

    @Inject
    ClusterIdWatch clusterId;

    private boolean joined;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("policy-service starting: %s=%s topic=%s", ClusterIds.CONFIG_KEY, cluster.name(),
                topics.policies());
        TopicAdmin.ensureInBackground(kafkaConfig,
                List.of(TopicSpec.state(topics.policies()), TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION)),
                topics.replicationFactor());
        store.start(reconciler::trigger);
        clusterId.start(this::onClusterId);
    }

    /** Once the cluster id is known, the passes run and the topic is read as it; later changes are the passes'. */
    private synchronized void onClusterId() {
        if (joined || !(clusterId.state() instanceof ClusterIdState.InUse use)) {
            reconciler.trigger();
            return;
        }
        joined = true;
        LOGGER.infof("cluster id %s", use.id());
        publisher.start(use.id().name());
        reconciler.start(use.id().name());
        view.start(use.id().name(), reconciler::trigger);
    }

    void onStop(@Observes ShutdownEvent event) {
        store.stop();
        view.stop();
        reconciler.stop();
    }
}

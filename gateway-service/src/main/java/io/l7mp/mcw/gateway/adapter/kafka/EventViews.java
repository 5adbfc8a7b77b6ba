package io.l7mp.mcw.gateway.adapter.kafka;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.PolicyExportViews;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topic views the route table is built from ({@link PolicyExportViews}): every cluster's exports (where to send)
 * and this cluster's accepted policies (which ingress ports to open).
 */
@ApplicationScoped
public class EventViews {
    public static final String SERVICE_NAME = "gateway-service";

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    ClusterConfig cluster;

    @Inject
    MeterRegistry registry;

    private volatile PolicyExportViews views;

    /** Creates missing topics; blocks until the broker answered. */
    public void ensureTopics() {
        PolicyExportViews.ensureTopics(kafkaConfig, topics);
    }

    /** Starts both readers; {@code trigger} runs at catch-up, on any export change and on this cluster's policies. */
    public synchronized void start(Runnable trigger) {
        views = PolicyExportViews.start(kafkaConfig, topics, cluster.name(), SERVICE_NAME, registry, trigger);
    }

    public boolean caughtUp() {
        PolicyExportViews current = views;
        return current != null && current.caughtUp();
    }

    /** Why the views have not caught up yet; empty once they have. */
    public List<String> problems() {
        PolicyExportViews current = views;
        return current == null ? List.of("the topic readers to start") : current.problems();
    }

    /** This cluster's accepted policies: a policy accepted elsewhere opens no port here. */
    public List<PolicyEvent> ownPolicies() {
        PolicyExportViews current = views;
        return current == null ? List.of() : List.copyOf(current.ownPolicies().values());
    }

    /** Every cluster's exports, this cluster's included. */
    public List<ExportEvent> exports() {
        PolicyExportViews current = views;
        return current == null ? List.of() : List.copyOf(current.exports().values());
    }

    public synchronized void stop() {
        if (views != null) {
            views.close();
        }
    }
}

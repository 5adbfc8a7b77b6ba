package io.l7mp.mcw.export.adapter.kafka;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.PolicyExportViews;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topic views the export-service decides from ({@link PolicyExportViews}): this cluster's accepted policies and
 * every cluster's exports (its own, to diff against; the others', for conflicts).
 */
@ApplicationScoped
public class EventViews {
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafkaConfig;

    @Inject
    TopicsConfig topics;

    @Inject
    MeterRegistry registry;

    private volatile PolicyExportViews views;

    /** Creates missing topics; blocks until the broker answered. */
    public void ensureTopics() {
        PolicyExportViews.ensureTopics(kafkaConfig, topics);
    }

    /**
     * Starts both readers for {@code cluster} (this cluster's id); {@code trigger} runs at catch-up, on any export
     * change and on this cluster's policies.
     */
    public synchronized void start(String cluster, Runnable trigger) {
        views = PolicyExportViews.start(kafkaConfig, topics, cluster, ExportEventPublisher.SERVICE_NAME, registry,
                trigger);
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

    /** The policies view, this cluster's keys only: a policy accepted elsewhere does not count here. */
    public Map<String, PolicyEvent> ownPolicies() {
        return views.ownPolicies();
    }

    /** The exports view: every cluster's keys. */
    public Map<String, ExportEvent> exports() {
        return views.exports();
    }

    public synchronized void stop() {
        if (views != null) {
            views.close();
        }
    }
}

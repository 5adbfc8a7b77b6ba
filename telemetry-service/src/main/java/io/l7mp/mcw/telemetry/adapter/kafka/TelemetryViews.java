package io.l7mp.mcw.telemetry.adapter.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.PolicyExportViews;
import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topic views the prober plans from ({@link PolicyExportViews}): every cluster's accepted policies (the tunnels of
 * a destination) and every cluster's exports (which clusters to probe, and at which address).
 */
@ApplicationScoped
public class TelemetryViews {
    /** Tunnel health is a stream, not state: a consumer needs the last minutes, never the history (DESIGN D3). */
    static final Duration TUNNEL_HEALTH_RETENTION = Duration.ofMinutes(15);

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

    /** Creates the topics this service reads and writes when missing, in the background. */
    public void ensureTopics() {
        PolicyExportViews.ensureTopics(kafkaConfig, topics);
        TopicAdmin.ensureInBackground(kafkaConfig,
                List.of(TopicSpec.stream(topics.tunnelHealth(), TUNNEL_HEALTH_RETENTION)),
                topics.replicationFactor());
    }

    /**
     * Starts both readers; {@code trigger} runs at catch-up, on any export change and on this cluster's policies
     * (other clusters' policy changes do not call it: see {@link #allPolicies()}).
     */
    public synchronized void start(Runnable trigger) {
        views = PolicyExportViews.start(kafkaConfig, topics, cluster.name(), TunnelHealthPublisher.SERVICE_NAME,
                registry, trigger);
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

    /** Every cluster's accepted policies, by key; a snapshot. */
    public Map<String, PolicyEvent> allPolicies() {
        PolicyExportViews current = views;
        return current == null ? Map.of() : current.allPolicies();
    }

    /** Every cluster's exports, by key; a snapshot. */
    public Map<String, ExportEvent> exports() {
        return views.exports();
    }

    public synchronized void stop() {
        if (views != null) {
            views.close();
        }
    }
}

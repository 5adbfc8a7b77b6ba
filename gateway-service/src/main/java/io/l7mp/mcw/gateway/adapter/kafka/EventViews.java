package io.l7mp.mcw.gateway.adapter.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.eventbus.EventParsers;
import io.l7mp.mcw.eventbus.PolicyExportViews;
import io.l7mp.mcw.eventbus.StateTopicReader;
import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topic views the route table is built from ({@link PolicyExportViews}): every cluster's exports (where to send),
 * every cluster's accepted policies (this cluster's ingress ports; the others' tunnels), and the health of this
 * cluster's paths ({@code mcw.tunnel-health.v1}).
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
    private volatile StateTopicReader<TunnelHealthEvent> tunnelHealth;

    /** Creates missing topics; blocks until the broker answered. */
    public void ensureTopics() {
        PolicyExportViews.ensureTopics(kafkaConfig, topics);
        TopicAdmin.ensureInBackground(kafkaConfig, List.of(TopicSpec.tunnelHealth(topics.tunnelHealth()),
                TopicSpec.gatewayEvents(topics.gatewayEvents())), topics.replicationFactor());
    }

    /** Starts both readers; {@code trigger} runs at catch-up, on any export change and on this cluster's policies. */
    public synchronized void start(Runnable trigger) {
        views = PolicyExportViews.start(kafkaConfig, topics, cluster.name(), SERVICE_NAME, registry, trigger);
        String ownPrefix = cluster.name() + "/";
        StateTopicReader<TunnelHealthEvent> reader = new StateTopicReader<>(kafkaConfig, topics.tunnelHealth(),
                SERVICE_NAME + "-" + cluster.name() + "-tunnel-health",
                EventParsers.json(TunnelHealthEvent.class, EventTypes.TUNNEL_HEALTH, 3, TunnelHealthEvent::key),
                views.deadLetters(), (view, changed) -> {
                    if (changed.stream().anyMatch(k -> k.startsWith(ownPrefix))) {
                        trigger.run();
                    }
                });
        reader.caughtUp().thenRun(trigger);
        reader.start();
        tunnelHealth = reader;
    }

    public boolean caughtUp() {
        PolicyExportViews current = views;
        StateTopicReader<TunnelHealthEvent> health = tunnelHealth;
        return current != null && current.caughtUp() && health != null && health.isCaughtUp();
    }

    /** Why the views have not caught up yet; empty once they have. */
    public List<String> problems() {
        PolicyExportViews current = views;
        StateTopicReader<TunnelHealthEvent> health = tunnelHealth;
        if (current == null || health == null) {
            return List.of("the topic readers to start");
        }
        List<String> problems = new ArrayList<>(current.problems());
        health.problem().ifPresent(problems::add);
        return problems;
    }

    /** Every cluster's accepted policies: this cluster's open ingress listeners, the others' are their tunnels. */
    public List<PolicyEvent> allPolicies() {
        PolicyExportViews current = views;
        return current == null ? List.of() : List.copyOf(current.allPolicies().values());
    }

    /** The latest health report of each path from this cluster, by path. */
    public Map<PathKey, TunnelHealthEvent> tunnelHealth() {
        StateTopicReader<TunnelHealthEvent> health = tunnelHealth;
        if (health == null) {
            return Map.of();
        }
        Map<PathKey, TunnelHealthEvent> own = new HashMap<>();
        health.view().values().forEach(e -> {
            if (e.sourceCluster().equals(cluster.name())) {
                own.put(new PathKey(e.destinationCluster(), e.tunnel()), e);
            }
        });
        return own;
    }

    /** Every cluster's exports, this cluster's included. */
    public List<ExportEvent> exports() {
        PolicyExportViews current = views;
        return current == null ? List.of() : List.copyOf(current.exports().values());
    }

    public synchronized void stop() {
        if (tunnelHealth != null) {
            tunnelHealth.close();
        }
        if (views != null) {
            views.close();
        }
    }
}

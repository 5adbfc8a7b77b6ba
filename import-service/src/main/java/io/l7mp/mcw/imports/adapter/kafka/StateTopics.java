package io.l7mp.mcw.imports.adapter.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.eventbus.EventParsers;
import io.l7mp.mcw.eventbus.KafkaDeadLetterPublisher;
import io.l7mp.mcw.eventbus.StateTopicReader;
import io.l7mp.mcw.eventbus.TopicAdmin;
import io.l7mp.mcw.eventbus.TopicSpec;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.l7mp.mcw.imports.domain.WanReports;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;

/**
 * The topics the import-service depends on, each read from the beginning into a view: every cluster's exports (what
 * to import), the import events (what this cluster already published), and for the ServiceImports' WAN status the
 * tunnel health reports and the gateway events (of which only this cluster's matter), and the accepted policies (of
 * which this cluster's name the tunnel of a static import).
 */
@ApplicationScoped
public class StateTopics {
    private static final String CONSUMER = "mcw-import-service";
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);

    private final Map<String, Object> kafkaConfig;
    private final TopicsConfig topics;
    private volatile String cluster;
    private final MeterRegistry registry;
    private final EventTimes exportTimes;
    private KafkaDeadLetterPublisher deadLetters;
    private StateTopicReader<ExportEvent> exports;
    private StateTopicReader<ImportEvent> imports;
    private StateTopicReader<TunnelHealthEvent> tunnelHealth;
    private StateTopicReader<GatewayEvent> gatewayEvents;
    private StateTopicReader<PolicyEvent> policies;

    @Inject
    public StateTopics(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, TopicsConfig topics,
            MeterRegistry registry, Clock clock) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.registry = registry;
        this.exportTimes = new EventTimes(clock);
    }

    /** Creates the topics this service reads and writes when they do not exist. */
    public void ensureTopics() {
        TopicAdmin.ensureInBackground(kafkaConfig, List.of(TopicSpec.state(topics.exports()), TopicSpec.state(topics.imports()),
                TopicSpec.tunnelHealth(topics.tunnelHealth()), TopicSpec.gatewayEvents(topics.gatewayEvents()),
                TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION), TopicSpec.state(topics.policies())),
                topics.replicationFactor());
    }

    /** Starts the readers for {@code cluster} (this cluster's id): its tunnel health and gateway events count. */
    public synchronized void start(String cluster, StateTopicReader.Listener<ExportEvent> onExports,
            StateTopicReader.Listener<ImportEvent> onImports, StateTopicReader.Listener<TunnelHealthEvent> onHealth,
            StateTopicReader.Listener<GatewayEvent> onGateway, StateTopicReader.Listener<PolicyEvent> onPolicies) {
        this.cluster = cluster;
        deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(), CONSUMER, registry);
        exports = new StateTopicReader<>(kafkaConfig, topics.exports(), clientId("exports"),
                exportTimes.recording(EventParsers.json(ExportEvent.class, EventTypes.EXPORT, 3, ExportEvent::key)),
                deadLetters, onExports);
        imports = new StateTopicReader<>(kafkaConfig, topics.imports(), clientId("imports"),
                EventParsers.json(ImportEvent.class, EventTypes.IMPORT, 3, ImportEvent::key), deadLetters, onImports);
        tunnelHealth = new StateTopicReader<>(kafkaConfig, topics.tunnelHealth(), clientId("tunnel-health"),
                EventParsers.json(TunnelHealthEvent.class, EventTypes.TUNNEL_HEALTH, 3, TunnelHealthEvent::key),
                deadLetters, onHealth);
        gatewayEvents = new StateTopicReader<>(kafkaConfig, topics.gatewayEvents(), clientId("gateway-events"),
                EventParsers.json(GatewayEvent.class, EventTypes.GATEWAY, 1, GatewayEvent::key), deadLetters,
                onGateway);
        policies = new StateTopicReader<>(kafkaConfig, topics.policies(), clientId("policies"),
                EventParsers.json(PolicyEvent.class, EventTypes.POLICY, 2, PolicyEvent::key), deadLetters, onPolicies);
        readers().forEach(StateTopicReader::start);
    }

    /** Completes once every view holds everything that was on its topic at start-up. */
    public CompletableFuture<Void> caughtUp() {
        return CompletableFuture.allOf(readers().stream().map(StateTopicReader::caughtUp)
                .toArray(CompletableFuture[]::new));
    }

    public boolean isCaughtUp() {
        return exports != null && readers().stream().allMatch(StateTopicReader::isCaughtUp);
    }

    /** Why the views have not caught up yet; empty once they have. */
    public List<String> problems() {
        if (exports == null) {
            return List.of("the topic readers to start");
        }
        List<String> problems = new ArrayList<>();
        readers().forEach(r -> r.problem().ifPresent(problems::add));
        return problems;
    }

    private List<StateTopicReader<?>> readers() {
        return List.of(exports, imports, tunnelHealth, gatewayEvents, policies);
    }

    public Map<String, ExportEvent> exports() {
        return exports.view();
    }

    public Map<String, ImportEvent> imports() {
        return imports.view();
    }

    /** This cluster's tunnel health readings and its gateway's tunnel choice. */
    public WanReports wanReports() {
        return WanReports.of(cluster, tunnelHealth.view().values(), gatewayEvents.view().get(cluster));
    }

    /** This cluster's accepted WAN policies, by name: what a static import's traffic can take. */
    public Map<String, PolicyEvent> ownPolicies() {
        Map<String, PolicyEvent> own = new HashMap<>();
        policies.view().values().stream().filter(p -> p.cluster().equals(cluster)).forEach(p -> own.put(p.name(), p));
        return own;
    }

    /** The exports topic's name. */
    public String exportTopic() {
        return topics.exports();
    }

    /** When the latest export event under {@code key} happened (ce_time). */
    public EventTimes exportTimes() {
        return exportTimes;
    }

    private String clientId(String topic) {
        return CONSUMER + "-" + cluster + "-" + topic;
    }

    @PreDestroy
    synchronized void stop() {
        if (exports != null) {
            readers().forEach(StateTopicReader::close);
            deadLetters.close();
        }
    }
}

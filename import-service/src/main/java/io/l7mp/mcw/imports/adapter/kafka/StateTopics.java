package io.l7mp.mcw.imports.adapter.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;
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
 * The two state topics the import-service depends on, each read from the beginning into a view: every cluster's
 * exports (what to import) and the import events (what this cluster already published).
 */
@ApplicationScoped
public class StateTopics {
    private static final String CONSUMER = "mcw-import-service";
    private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(7);

    private final Map<String, Object> kafkaConfig;
    private final TopicsConfig topics;
    private final ClusterConfig cluster;
    private final MeterRegistry registry;
    private final EventTimes exportTimes;
    private KafkaDeadLetterPublisher deadLetters;
    private StateTopicReader<ExportEvent> exports;
    private StateTopicReader<ImportEvent> imports;

    @Inject
    public StateTopics(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, TopicsConfig topics,
            ClusterConfig cluster, MeterRegistry registry, Clock clock) {
        this.kafkaConfig = kafkaConfig;
        this.topics = topics;
        this.cluster = cluster;
        this.registry = registry;
        this.exportTimes = new EventTimes(clock);
    }

    /** Creates the topics this service reads and writes when they do not exist. */
    public void ensureTopics() {
        TopicAdmin.ensureInBackground(kafkaConfig, List.of(TopicSpec.state(topics.exports()), TopicSpec.state(topics.imports()),
                TopicSpec.stream(topics.deadLetter(), DEAD_LETTER_RETENTION)), topics.replicationFactor());
    }

    public synchronized void start(StateTopicReader.Listener<ExportEvent> onExports,
            StateTopicReader.Listener<ImportEvent> onImports) {
        deadLetters = new KafkaDeadLetterPublisher(kafkaConfig, topics.deadLetter(), CONSUMER, registry);
        exports = new StateTopicReader<>(kafkaConfig, topics.exports(), clientId("exports"),
                exportTimes.recording(EventParsers.json(ExportEvent.class, EventTypes.EXPORT, 3, ExportEvent::key)),
                deadLetters, onExports);
        imports = new StateTopicReader<>(kafkaConfig, topics.imports(), clientId("imports"),
                EventParsers.json(ImportEvent.class, EventTypes.IMPORT, 3, ImportEvent::key), deadLetters, onImports);
        exports.start();
        imports.start();
    }

    /** Completes once both views hold everything that was on their topics at start-up. */
    public CompletableFuture<Void> caughtUp() {
        return CompletableFuture.allOf(exports.caughtUp(), imports.caughtUp());
    }

    public boolean isCaughtUp() {
        return exports != null && exports.isCaughtUp() && imports.isCaughtUp();
    }

    /** Why the views have not caught up yet; empty once they have. */
    public List<String> problems() {
        if (exports == null) {
            return List.of("the topic readers to start");
        }
        List<String> problems = new ArrayList<>();
        exports.problem().ifPresent(problems::add);
        imports.problem().ifPresent(problems::add);
        return problems;
    }

    public Map<String, ExportEvent> exports() {
        return exports.view();
    }

    public Map<String, ImportEvent> imports() {
        return imports.view();
    }

    /** When the latest export event under {@code key} happened (ce_time). */
    public EventTimes exportTimes() {
        return exportTimes;
    }

    private String clientId(String topic) {
        return CONSUMER + "-" + cluster.name() + "-" + topic;
    }

    @PreDestroy
    synchronized void stop() {
        if (exports != null) {
            exports.close();
            imports.close();
            deadLetters.close();
        }
    }
}

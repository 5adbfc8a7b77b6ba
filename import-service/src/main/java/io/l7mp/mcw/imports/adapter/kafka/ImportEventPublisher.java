package io.l7mp.mcw.imports.adapter.kafka;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.eventbus.KafkaEvents;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes this cluster's import events ({@code mcw.imports.v1}) and tombstones. Remembers what it sent until the
 * topic view shows it, so that a reconciliation that runs before the view caught up does not send it again.
 */
@ApplicationScoped
public class ImportEventPublisher {
    static final String SOURCE_SERVICE = "import-service";
    private static final Logger LOGGER = Logger.getLogger(ImportEventPublisher.class);

    private final Emitter<Record<String, byte[]>> emitter;
    private final ClusterConfig cluster;
    private final Clock clock;
    private final Counter published;
    /** Sent but not yet seen on the topic: the event, or empty for a tombstone. */
    private final Map<String, Optional<ImportEvent>> inFlight = new ConcurrentHashMap<>();

    @Inject
    public ImportEventPublisher(@Channel("imports-out") Emitter<Record<String, byte[]>> emitter, ClusterConfig cluster,
            TopicsConfig topics, Clock clock, MeterRegistry registry) {
        this.emitter = emitter;
        this.cluster = cluster;
        this.clock = clock;
        this.published = Counter.builder("mcw_events_published_total").description("Events published, by topic")
                .tag("topic", topics.imports()).register(registry);
    }

    /** The topic view of this cluster's keys, with what was sent and is not visible yet laid over it. */
    public Map<String, ImportEvent> effective(Map<String, ImportEvent> view) {
        inFlight.entrySet().removeIf(e -> Objects.equals(view.get(e.getKey()), e.getValue().orElse(null)));
        Map<String, ImportEvent> result = new HashMap<>();
        String prefix = cluster.name() + "/";
        view.forEach((key, event) -> {
            if (key.startsWith(prefix)) {
                result.put(key, event);
            }
        });
        inFlight.forEach((key, sent) -> sent.ifPresentOrElse(e -> result.put(key, e), () -> result.remove(key)));
        return result;
    }

    /**
     * @param onFailure called when Kafka refused the record, so that the caller reconciles again
     */
    public void publish(ImportEvent event, Runnable onFailure) {
        LOGGER.infof("publishing import event: key=%s state=%s ips=%s egressPorts=%d sourceClusters=%s", event.key(),
                event.state(), event.ips(), event.egressPorts().size(), event.sourceClusters());
        send(event.key(), Optional.of(event), KafkaEvents.event(event.key(), attributes(event.key()), event),
                onFailure);
    }

    public void tombstone(String key, Runnable onFailure) {
        LOGGER.infof("publishing import tombstone: key=%s reason=no cluster exports the service any more", key);
        send(key, Optional.empty(), KafkaEvents.tombstone(key, attributes(key)), onFailure);
    }

    private void send(String key, Optional<ImportEvent> event, Message<Record<String, byte[]>> message,
            Runnable onFailure) {
        inFlight.put(key, event);
        emitter.send(message.withAck(() -> {
            published.increment();
            return CompletableFuture.completedFuture(null);
        }).withNack(error -> {
            LOGGER.errorf("cannot publish import event: key=%s error=%s", key, error.getMessage());
            inFlight.remove(key, event);
            onFailure.run();
            return CompletableFuture.completedFuture(null);
        }));
    }

    private CloudEventAttributes attributes(String key) {
        return CloudEventAttributes.create(EventTypes.IMPORT, cluster.name(), SOURCE_SERVICE, key, clock.instant());
    }
}

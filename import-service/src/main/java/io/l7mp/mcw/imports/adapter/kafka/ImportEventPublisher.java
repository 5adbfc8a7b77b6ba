package io.l7mp.mcw.imports.adapter.kafka;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.eventbus.EventSender;
import io.l7mp.mcw.eventbus.StatePublisher;
import io.l7mp.mcw.eventbus.config.TopicsConfig;
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
    private final TopicsConfig topics;
    private final Clock clock;
    private final MeterRegistry registry;
    private volatile StatePublisher<ImportEvent> state;
    private volatile Runnable onFailure = () -> {
    };

    @Inject
    public ImportEventPublisher(@Channel("imports-out") Emitter<Record<String, byte[]>> emitter, TopicsConfig topics,
            Clock clock, MeterRegistry registry) {
        this.emitter = emitter;
        this.topics = topics;
        this.clock = clock;
        this.registry = registry;
    }

    /** Publishes as {@code cluster} (this cluster's id) from now on: its keys are the ones that start with it. */
    public void start(String cluster) {
        EventSender sender = new EventSender(emitter, topics.imports(), EventTypes.IMPORT, cluster, SOURCE_SERVICE,
                clock, registry);
        String prefix = cluster + "/";
        state = new StatePublisher<>("the imports topic", key -> key.startsWith(prefix), sender::send,
                () -> onFailure.run());
    }

    /** What to call when Kafka refused a record, so that the caller reconciles again. */
    public void onFailure(Runnable callback) {
        this.onFailure = callback;
    }

    /** The topic view of this cluster's keys, with what was sent and is not visible yet laid over it. */
    public Map<String, ImportEvent> effective(Map<String, ImportEvent> view) {
        return state.actual(view);
    }

    public void publish(ImportEvent event) {
        LOGGER.infof("publishing import event: key=%s state=%s ips=%s egressPorts=%d sourceClusters=%s", event.key(),
                event.state(), event.ips(), event.egressPorts().size(), event.sourceClusters());
        state.send(new StatePublisher.Change<>(event.key(), Optional.of(event)));
    }

    public void tombstone(String key) {
        tombstone(key, "no cluster exports the service any more");
    }

    public void tombstone(String key, String reason) {
        LOGGER.infof("publishing import tombstone: key=%s reason=%s", key, reason);
        state.send(new StatePublisher.Change<>(key, Optional.empty()));
    }
}

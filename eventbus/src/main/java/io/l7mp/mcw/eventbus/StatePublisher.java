package io.l7mp.mcw.eventbus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

/**
 * Keeps this service's keys of a compacted state topic equal to what it wants (DESIGN D3): an event where the topic
 * holds something else, a tombstone where it holds a key no longer wanted, nothing where it already holds the wanted
 * value. Records sent but not yet read back by the topic's {@link StateTopicReader} are remembered ("in flight") and
 * laid over the view, so a pass that runs before the reader caught up with its own writes does not send them again;
 * a record the broker refused is forgotten and the {@code onFailure} callback asks for another pass.
 * <p>
 * One publisher per topic and service; {@link #sync} and {@link #actual} are called from the reconcile thread, the
 * completion callbacks from Kafka's.
 *
 * @param <T> the event type
 */
public final class StatePublisher<T> {
    private static final Logger LOGGER = Logger.getLogger(StatePublisher.class);

    /** Writes one record; a null event is a tombstone. */
    @FunctionalInterface
    public interface Sink<T> {
        CompletionStage<Void> send(String key, T event);
    }

    /** One record sent: the key and the event, empty for a tombstone. */
    public record Change<T>(String key, Optional<T> event) {
        public boolean tombstone() {
            return event.isEmpty();
        }
    }

    private final String topic;
    private final Predicate<String> ownKey;
    private final Sink<T> sink;
    private final Runnable onFailure;
    /** What was last sent per key and not yet seen in the view: the event, or empty for a tombstone. */
    private final Map<String, Optional<T>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param ownKey the keys this service writes (its cluster's); the others in the view are not its business
     * @param onFailure called on a Kafka thread when a record was refused: should ask for another pass
     */
    public StatePublisher(String topic, Predicate<String> ownKey, Sink<T> sink, Runnable onFailure) {
        this.topic = topic;
        this.ownKey = ownKey;
        this.sink = sink;
        this.onFailure = onFailure;
    }

    /**
     * The topic's own keys as this service last wrote them: the view, with the records in flight laid over it. Sends
     * the view now shows are forgotten, so that a later change of mind is sent again.
     */
    public Map<String, T> actual(Map<String, T> view) {
        Map<String, T> actual = new HashMap<>();
        view.forEach((key, event) -> {
            if (ownKey.test(key)) {
                actual.put(key, event);
            }
        });
        inFlight.entrySet().removeIf(e -> Objects.equals(e.getValue().orElse(null), actual.get(e.getKey())));
        inFlight.forEach((key, sent) -> sent.ifPresentOrElse(e -> actual.put(key, e), () -> actual.remove(key)));
        return actual;
    }

    /**
     * Sends what it takes for the topic's own keys to hold exactly {@code desired}; returns what was sent, in key
     * order.
     */
    public List<Change<T>> sync(Map<String, T> desired, Map<String, T> view) {
        Map<String, T> actual = actual(view);
        TreeSet<String> keys = new TreeSet<>(desired.keySet());
        keys.addAll(actual.keySet());
        List<Change<T>> changes = new ArrayList<>();
        for (String key : keys) {
            T want = desired.get(key);
            if (!Objects.equals(want, actual.get(key))) {
                Change<T> change = new Change<>(key, Optional.ofNullable(want));
                send(change);
                changes.add(change);
            }
        }
        return changes;
    }

    /** Sends one record and remembers it until the view shows it. */
    public void send(Change<T> change) {
        inFlight.put(change.key(), change.event());
        CompletionStage<Void> sent;
        try {
            sent = sink.send(change.key(), change.event().orElse(null));
        } catch (RuntimeException e) {
            refused(change, e);
            return;
        }
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                refused(change, failure);
            }
        });
    }

    private void refused(Change<T> change, Throwable failure) {
        LOGGER.warnf("cannot write %s key=%s to %s: %s; will retry", change.tombstone() ? "tombstone" : "event",
                change.key(), topic, failure.getMessage());
        inFlight.remove(change.key(), change.event());
        onFailure.run();
    }
}

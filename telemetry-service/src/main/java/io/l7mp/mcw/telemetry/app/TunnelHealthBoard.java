package io.l7mp.mcw.telemetry.app;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The latest health event published for every tunnel being probed, and the watchers that follow them (the gRPC API).
 * Written on the prober's event loop when an event is published (at most once per tunnel per publish interval, and on
 * changes), never per probe.
 */
@ApplicationScoped
public class TunnelHealthBoard {
    /**
     * Updates a watcher may fall behind by before it is ended with an error: minutes of events for a clusterset of
     * dozens of tunnels.
     */
    static final int WATCH_BUFFER = 4096;

    /** What a watcher is told. */
    public sealed interface Update {
        /** The tunnel's latest health; {@code snapshot}: sent when the watch started. */
        record Health(TunnelHealthEvent event, boolean snapshot) implements Update {
        }

        /** The tunnel {@code key} is no longer probed. */
        record Removed(String key) implements Update {
        }
    }

    private final SortedMap<String, TunnelHealthEvent> current = new TreeMap<>();
    private final List<MultiEmitter<? super Update>> watchers = new ArrayList<>();

    /** The latest health of every tunnel being probed, sorted by key. */
    public synchronized List<TunnelHealthEvent> tunnels() {
        return List.copyOf(current.values());
    }

    /** First the current health of every tunnel, then every update as it happens. */
    public Multi<Update> watch() {
        return Multi.createFrom().<Update> emitter(emitter -> {
            emitter.onTermination(() -> forget(emitter));
            synchronized (this) {
                current.values().forEach(event -> emitter.emit(new Update.Health(event, true)));
                watchers.add(emitter);
            }
        }, WATCH_BUFFER);
    }

    synchronized void published(TunnelHealthEvent event) {
        current.put(event.key(), event);
        Update update = new Update.Health(event, false);
        watchers.forEach(watcher -> watcher.emit(update));
    }

    synchronized void removed(String key) {
        if (current.remove(key) != null) {
            Update update = new Update.Removed(key);
            watchers.forEach(watcher -> watcher.emit(update));
        }
    }

    private synchronized void forget(MultiEmitter<? super Update> emitter) {
        watchers.remove(emitter);
    }
}

package io.l7mp.mcw.imports.adapter.k8s;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;

import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * The writes of the last pass that the informer caches do not show yet. A pass that ran on such a cache would
 * see its own changes undone and write again (409 Conflict, AlreadyExists, NotFound); so the reconciler waits
 * until every expectation is met: a created object is in the cache, an updated one has moved past the version it
 * had before the write, a deleted one is gone. Expectations older than {@link #PATIENCE} are dropped, so that a lost
 * watch event delays a pass but never stops the loop.
 */
final class WriteExpectations {
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Logger LOGGER = Logger.getLogger(WriteExpectations.class);

    /** One write: {@code previousVersion} is null for a create; {@code deleted} for a delete. */
    private record Expectation(String previousVersion, boolean deleted, Instant at) {
    }

    private final Map<String, Expectation> pending = new ConcurrentHashMap<>();

    void created(String kind, ServiceRef ref, Instant now) {
        pending.put(key(kind, ref), new Expectation(null, false, now));
    }

    void updated(String kind, ServiceRef ref, String previousVersion, Instant now) {
        pending.put(key(kind, ref), new Expectation(previousVersion, false, now));
    }

    void deleted(String kind, ServiceRef ref, Instant now) {
        pending.put(key(kind, ref), new Expectation(null, true, now));
    }

    /**
     * Forgets the expectations that are met or too old.
     *
     * @param cachedVersion the resourceVersion the informer cache holds for (kind, object), empty if none
     * @return true when nothing is pending any more
     */
    boolean met(BiFunction<String, ServiceRef, Optional<String>> cachedVersion, Instant now) {
        pending.entrySet().removeIf(entry -> {
            String[] parts = entry.getKey().split(" ", 2);
            Optional<String> cached = cachedVersion.apply(parts[0], ServiceRef.parse(parts[1]));
            Expectation e = entry.getValue();
            boolean met = e.deleted() ? cached.isEmpty()
                    : cached.isPresent() && !cached.get().equals(e.previousVersion());
            if (!met && e.at().plus(PATIENCE).isBefore(now)) {
                LOGGER.warnf("informer cache still does not show the %s of %s after %s; reconciling anyway",
                        e.deleted() ? "deletion" : "write", entry.getKey(), PATIENCE);
                return true;
            }
            return met;
        });
        return pending.isEmpty();
    }

    private static String key(String kind, ServiceRef ref) {
        return kind + " " + ref;
    }
}

package io.l7mp.mcw.gateway.app;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.l7mp.mcw.gateway.domain.PassiveFailure;
import io.l7mp.mcw.gateway.domain.PathKey;

/**
 * Failures the data plane sees on a path, handed to the control loop (DESIGN D5: act on passive signals at once,
 * before the probe stream confirms). Called on event-loop threads: it only records the first failure per path and
 * asks for a pass, which takes the path down and rebuilds the route table, so the next requests take another tunnel
 * within milliseconds; the failing request itself is retried on its next candidate by the data plane.
 */
// @Singleton, not @ApplicationScoped: called on event loops, and a client proxy costs a context lookup
@Singleton
public class PathSignals {
    private final Map<PathKey, PassiveFailure> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Runnable trigger = () -> {
    };

    @Inject
    public PathSignals(Clock clock) {
        this.clock = clock;
    }

    /** The data plane saw {@code what} on {@code path} (a refused or timed-out connect, a reset, a request timeout). */
    public void failed(PathKey path, String what) {
        if (pending.putIfAbsent(path, new PassiveFailure(path, what, clock.instant())) == null) {
            trigger.run();
        }
    }

    /** The failures recorded since the last call, oldest first per path. */
    List<PassiveFailure> drain() {
        List<PassiveFailure> drained = new ArrayList<>();
        for (PathKey key : List.copyOf(pending.keySet())) {
            PassiveFailure failure = pending.remove(key);
            if (failure != null) {
                drained.add(failure);
            }
        }
        return drained;
    }

    void onSignal(Runnable trigger) {
        this.trigger = trigger;
    }

    Instant now() {
        return clock.instant();
    }
}

package io.l7mp.mcw.gateway.app;

import java.util.Map;

import jakarta.inject.Singleton;

import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;

/**
 * The paths' health as the control loop's last pass saw it (what the probes measured, what the data plane saw), for
 * readers outside the loop: the data plane puts a tunnel's measured round-trip time on its spans. The loop swaps in a
 * new immutable map on every pass; readers never see half of one.
 */
// @Singleton, not @ApplicationScoped: read on event loops, and a client proxy costs a context lookup
@Singleton
public class PathHealthHolder {
    private volatile Map<PathKey, PathHealth> current = Map.of();

    /** The health of every path known; empty before the first pass. */
    public Map<PathKey, PathHealth> current() {
        return current;
    }

    /** What is known of {@code path}; null when nothing is. */
    public PathHealth of(PathKey path) {
        return current.get(path);
    }

    void set(Map<PathKey, PathHealth> paths) {
        current = Map.copyOf(paths);
    }
}

package io.l7mp.mcw.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * Keeps the health of this cluster's paths from the probe reports ({@code mcw.tunnel-health.v1}) and the data
 * plane's own failures, with since when each has been healthy: what the hold-down before a fail-back is counted from.
 * <p>
 * A passive failure takes a path down at once and holds it down until a probe report measured after the failure says
 * it carries traffic again, or, for a path no probe reports on (the own cluster's, or without a telemetry-service),
 * for {@code passiveHold}: then the path is tried again, and taken down again if it still fails. A path first seen
 * healthy counts as healthy since the report says; one that comes back counts from the moment this gateway learned
 * it. Not thread-safe: the gateway's reconcile thread owns it.
 */
public final class PathHealthTracker {
    private final Duration passiveHold;
    private final Map<PathKey, PathHealth> paths = new HashMap<>();
    private final Map<PathKey, PassiveFailure> failures = new HashMap<>();

    /** @param passiveHold how long a failure the data plane saw holds a path down when no probe report clears it */
    public PathHealthTracker(Duration passiveHold) {
        if (passiveHold == null || passiveHold.isNegative() || passiveHold.isZero()) {
            throw new IllegalArgumentException("mcw.gateway.passive-failure-hold is " + passiveHold
                    + ", expected a positive duration");
        }
        this.passiveHold = passiveHold;
    }

    /**
     * Records a failure the data plane saw; true when it takes a path down that was not down already (the caller then
     * rebuilds the route table at once).
     */
    public boolean failed(PassiveFailure failure) {
        PassiveFailure before = failures.putIfAbsent(failure.path(), failure);
        PathHealth known = paths.get(failure.path());
        return before == null && (known == null || known.carriesTraffic());
    }

    /**
     * The health of every path, brought up to date with the latest probe report of each path ({@code reports}: the
     * whole current view, keyed by path) at {@code now}.
     */
    public Map<PathKey, PathHealth> update(Map<PathKey, TunnelHealthEvent> reports, Instant now) {
        Set<PathKey> keys = new TreeSet<>(reports.keySet());
        keys.addAll(failures.keySet());
        Map<PathKey, PathHealth> next = new TreeMap<>();
        for (PathKey key : keys) {
            TunnelHealthEvent report = reports.get(key);
            PassiveFailure failure = failures.get(key);
            if (failure != null && (report != null && report.measuredAt().isAfter(failure.at())
                    && report.state().carriesTraffic() || !now.isBefore(failure.at().plus(passiveHold)))) {
                failures.remove(key);
                failure = null;
            }
            next.put(key, health(key, report, failure, paths.get(key), now));
        }
        paths.clear();
        paths.putAll(next);
        return Map.copyOf(next);
    }

    /** When the earliest passive failure's hold ends: the paths must be looked at again then. */
    public Optional<Instant> nextExpiry() {
        return failures.values().stream().map(f -> f.at().plus(passiveHold)).min(Instant::compareTo);
    }

    /** The health of every path as last updated. */
    public Map<PathKey, PathHealth> current() {
        return Map.copyOf(paths);
    }

    private static PathHealth health(PathKey key, TunnelHealthEvent report, PassiveFailure failure,
            PathHealth previous, Instant now) {
        TunnelState state;
        String reason;
        if (failure != null) {
            state = TunnelState.DOWN;
            reason = failure.what() + " (seen by the gateway at " + failure.at() + ")";
        } else if (report != null) {
            state = report.state();
            reason = report.reason();
        } else {
            state = TunnelState.UNKNOWN;
            reason = "not probed";
        }
        boolean first = previous == null;
        Instant reported = report != null ? report.since() : Instant.EPOCH;
        Instant upSince = null;
        if (state.carriesTraffic()) {
            upSince = first ? reported : previous.upSince() != null ? previous.upSince() : now;
        }
        Map<String, Instant> satisfiedSince = new TreeMap<>();
        if (report != null && state.carriesTraffic()) {
            for (SlaVerdict verdict : report.sla()) {
                if (verdict.satisfied()) {
                    Instant before = first ? reported : previous.satisfiedSince().get(verdict.policy());
                    satisfiedSince.put(verdict.policy(), before != null ? before : now);
                }
            }
        }
        return new PathHealth(key, state, reason, report == null ? null : report.figures(),
                report == null || failure != null ? null : report.sla(), upSince, satisfiedSince);
    }
}

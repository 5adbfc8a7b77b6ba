package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The tunnel the traffic of one WAN policy to one destination cluster takes, and why ({@link TunnelSelector}).
 *
 * @param policy the destination cluster's WAN policy the exports name
 * @param preferredTunnel the policy's own tunnel
 * @param active the tunnel in use
 * @param fallbacks the other tunnels that carry traffic, best first: where a request that failed on the active one
 *        is retried
 * @param slaSatisfied whether the active tunnel meets the policy's SLA; null when it was not measured
 * @param reconsiderAt when the choice must be made again although nothing else changes (a hold-down ending)
 */
public record TunnelChoice(String destinationCluster, String policy, String preferredTunnel, TunnelOption active,
        List<TunnelOption> fallbacks, Boolean slaSatisfied, Kind kind, String reason, Instant reconsiderAt) {

    /** Why the active tunnel is the one. */
    public enum Kind {
        /** The policy's own tunnel, healthy. */
        PREFERRED,
        /** Another tunnel, because the preferred one is down or breaks the SLA. */
        FAILOVER,
        /** Another tunnel still: the preferred one is healthy again but not yet for the hold-down. */
        HOLD_DOWN,
        /** No tunnel meets the SLA; the best that carries traffic. */
        SLA_UNMET,
        /** Every tunnel to the destination is down. */
        ALL_DOWN
    }

    public TunnelChoice {
        fallbacks = List.copyOf(fallbacks);
    }

    public PathKey activePath() {
        return new PathKey(destinationCluster, active.tunnel());
    }

    public boolean failedOver() {
        return !active.tunnel().equals(preferredTunnel);
    }

    public Optional<Instant> reconsider() {
        return Optional.ofNullable(reconsiderAt);
    }
}

package io.l7mp.mcw.mcwanctl.domain;

/**
 * A failover in effect: the traffic of {@code policy} to {@code cluster} is on {@code tunnel} instead of the policy's
 * own {@code preferredTunnel}, for {@code reason} ({@code kind}: FAILOVER, HOLD_DOWN, SLA_UNMET or ALL_DOWN);
 * {@code reconsiderAt} is when a hold-down ends.
 */
public record FailoverView(String importingContext, String cluster, String policy, String preferredTunnel,
        String tunnel, String kind, String reason, String reconsiderAt) {
}

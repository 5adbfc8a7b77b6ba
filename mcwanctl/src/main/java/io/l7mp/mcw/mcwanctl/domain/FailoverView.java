package io.l7mp.mcw.mcwanctl.domain;

/**
 * The traffic of {@code policy} from an importing context to {@code cluster}: on {@code tunnel} instead of the
 * policy's own {@code preferredTunnel} while failed over, for {@code reason} ({@code kind}: FAILOVER, HOLD_DOWN,
 * SLA_UNMET or ALL_DOWN; {@code reconsiderAt} is when a hold-down ends), and the last switch between tunnels.
 *
 * @param lastSwitch the latest failover or fail-back since that cluster's gateway started; null when none or unknown
 */
public record FailoverView(String importingContext, String cluster, String policy, String preferredTunnel,
        String tunnel, String kind, String reason, String reconsiderAt, TunnelSwitchView lastSwitch) {

    /** Whether the traffic is away from the policy's own tunnel now. */
    public boolean inEffect() {
        return tunnel != null && preferredTunnel != null && !tunnel.equals(preferredTunnel);
    }
}

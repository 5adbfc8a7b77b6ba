package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/**
 * The gateway's live choice for one (destination service, exporting cluster): {@code GatewayAdmin.ListActiveTunnels}.
 *
 * @param lastSwitch the latest move of this traffic between tunnels since the gateway started; null if none
 */
public record ActiveTunnelView(String service, String policy, String cluster, String tunnel, int tunnelPort,
        String preferredTunnel, String kind, String reason, Boolean slaSatisfied, double rttMs, double jitterMs,
        double lossPercent, String state, List<String> fallbackTunnels, String reconsiderAt,
        TunnelSwitchView lastSwitch) {

    /** Whether the traffic is away from the policy's own tunnel right now. */
    public boolean failedOver() {
        return preferredTunnel != null && !preferredTunnel.isEmpty() && !preferredTunnel.equals(tunnel);
    }
}

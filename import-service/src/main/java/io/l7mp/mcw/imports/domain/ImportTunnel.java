package io.l7mp.mcw.imports.domain;

import io.l7mp.mcw.api.event.TunnelState;

/**
 * One entry of a ServiceImport's {@code status.tunnels}: the tunnel this cluster's gateway sends the traffic to one
 * exporting cluster over, and what was last measured on it. Fields that are not known are null.
 *
 * @param policy the exporting cluster's WAN policy (the one its export names; the gateway's choice is per policy)
 * @param tunnel the tunnel in use, as the gateway reported it; null before it did, and for this cluster itself
 * @param state the tunnel's health as last probed; null when there is no tunnel in use to probe
 * @param slaSatisfied whether the tunnel in use meets the policy's SLA; null when not measured
 * @param reason why the tunnel is in use or, when it breaks the SLA, what it breaks
 */
public record ImportTunnel(String cluster, String policy, String preferredTunnel, String tunnel, Integer port,
        TunnelState state, Boolean slaSatisfied, String reason, Double rttMs, Double jitterMs, Double lossPercent) {
}

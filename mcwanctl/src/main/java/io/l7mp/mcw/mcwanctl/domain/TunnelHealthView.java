package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/** One tunnel's health as the telemetry-service reports it ({@code TunnelTelemetry.ListTunnels / WatchTunnels}). */
public record TunnelHealthView(String key, String sourceCluster, String destinationCluster, String tunnel,
        String address, int port, String state, String reason, double rttMs, double rttP99Ms, double jitterMs,
        double lossPercent, int samples, List<Verdict> sla, String since, String measuredAt) {

    /** Whether the tunnel meets one policy's SLA, and what it breaks if not. */
    public record Verdict(String policy, boolean satisfied, List<String> violations) {
    }
}

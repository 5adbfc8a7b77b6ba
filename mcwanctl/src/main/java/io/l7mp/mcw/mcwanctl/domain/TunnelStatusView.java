package io.l7mp.mcw.mcwanctl.domain;

/**
 * One entry of a ServiceImport's {@code status.tunnels}: the tunnel the importing cluster's gateway uses to one
 * exporting cluster, as the import-service last wrote it (ADR 0012).
 */
public record TunnelStatusView(String cluster, String policy, String preferredTunnel, String tunnel, Integer port,
        String state, Boolean slaSatisfied, String reason, Double rttMs, Double jitterMs, Double lossPercent) {
}

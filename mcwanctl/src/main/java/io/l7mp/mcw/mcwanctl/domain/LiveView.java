package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/**
 * What an importing cluster's gateway and telemetry-service say over gRPC right now about one service: where each
 * was asked ({@code gatewayAdmin}, {@code telemetry}; null when no address is known), what they answered, and why
 * not when they did not ({@code gatewayError}, {@code telemetryError}).
 */
public record LiveView(String gatewayAdmin, String gatewayError, List<ActiveTunnelView> activeTunnels,
        String telemetry, String telemetryError, List<TunnelHealthView> tunnelHealth) {
}

package io.l7mp.mcw.mcwanctl.domain;

/**
 * One message of {@code TunnelTelemetry.WatchTunnels}: a tunnel's health ({@code health}) or its removal
 * ({@code removedKey}); {@code snapshot} marks the current state sent when the watch starts.
 */
public record TunnelUpdateView(boolean snapshot, TunnelHealthView health, String removedKey) {
}

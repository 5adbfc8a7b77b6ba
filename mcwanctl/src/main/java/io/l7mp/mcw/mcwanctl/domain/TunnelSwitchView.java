package io.l7mp.mcw.mcwanctl.domain;

/** One move of a (destination cluster, policy)'s traffic from one tunnel to another, as the gateway reports it. */
public record TunnelSwitchView(String fromTunnel, String toTunnel, String reason, String time) {

    /** {@code business -> internet at 2026-12-07T10:00:00Z: business DOWN: 5 probes in a row lost}. */
    public String describe() {
        return fromTunnel + " -> " + toTunnel + " at " + time + (reason == null || reason.isEmpty() ? "" : ": " + reason);
    }
}

package io.l7mp.mcw.api.event;

/**
 * The tunnel a cluster's gateway sends one destination cluster's traffic of one WAN policy over right now.
 *
 * @param destinationCluster the exporting cluster
 * @param policy the destination cluster's WAN policy the exports name
 * @param preferredTunnel the policy's own tunnel
 * @param tunnel the tunnel in use; differs from {@code preferredTunnel} after a failover
 * @param port the tunnel's port (the destination's policy port the flows go to)
 * @param slaSatisfied whether the tunnel in use meets the policy's SLA, as last measured; null when not measured
 * @param reason why this tunnel: {@code preferred}, {@code failover: business DOWN (5 probes in a row lost)}
 */
public record ActiveTunnel(String destinationCluster, String policy, String preferredTunnel, String tunnel, int port,
        Boolean slaSatisfied, String reason) {
    public ActiveTunnel {
        Required.text(destinationCluster, "ActiveTunnel", "destinationCluster");
        Required.text(policy, "ActiveTunnel", "policy");
        Required.text(preferredTunnel, "ActiveTunnel", "preferredTunnel");
        Required.text(tunnel, "ActiveTunnel", "tunnel");
        Required.port(port, "ActiveTunnel", "port");
        reason = reason == null ? "" : reason;
    }

    /** Whether traffic is off its policy's own tunnel. */
    public boolean failedOver() {
        return !tunnel.equals(preferredTunnel);
    }
}

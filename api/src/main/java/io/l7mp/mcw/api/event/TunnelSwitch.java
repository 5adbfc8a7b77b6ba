package io.l7mp.mcw.api.event;

/**
 * One move of a (destination cluster, WAN policy)'s traffic from one tunnel to another.
 *
 * @param reason why: {@code business DOWN (5 probes in a row lost)}, {@code connect refused on business},
 *        {@code failback: business healthy for 30 s}
 * @param figures what was measured on the tunnel left, when known
 */
public record TunnelSwitch(String destinationCluster, String policy, String fromTunnel, int fromPort, String toTunnel,
        int toPort, String reason, TunnelFigures figures) {
    public TunnelSwitch {
        Required.text(destinationCluster, "TunnelSwitch", "destinationCluster");
        Required.text(policy, "TunnelSwitch", "policy");
        Required.text(fromTunnel, "TunnelSwitch", "fromTunnel");
        Required.text(toTunnel, "TunnelSwitch", "toTunnel");
        Required.text(reason, "TunnelSwitch", "reason");
    }
}

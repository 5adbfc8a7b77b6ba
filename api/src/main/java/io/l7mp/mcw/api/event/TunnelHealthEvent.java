package io.l7mp.mcw.api.event;

import java.time.Instant;
import java.util.List;

/**
 * The health of one tunnel from one cluster to another ({@code mcw.tunnel-health.v1}, key
 * {@code <source cluster>/<destination cluster>/<tunnel>}), published by the source cluster's telemetry-service at once
 * on every change of state or SLA verdict and periodically otherwise. A tombstone: the tunnel is no longer probed (the
 * destination exports nothing any more, or its policy is gone).
 *
 * @param address the destination cluster's ingress address the probes go to, with {@code port}
 * @param port the tunnel's port (the destination's WAN policy port)
 * @param reason why the tunnel is in {@code state}, for people: {@code 5 probes in a row lost}
 * @param sla the verdict on the SLA of every accepted policy of the destination cluster, whether it uses this tunnel
 *        or not (a policy on another tunnel may fail over to this one); the state is DEGRADED when a policy whose
 *        {@code tunnel} is this one is not satisfied
 * @param since when the tunnel entered {@code state}
 * @param measuredAt when the figures were taken
 */
public record TunnelHealthEvent(String sourceCluster, String destinationCluster, String tunnel, String address,
        int port, TunnelState state, String reason, TunnelFigures figures, List<SlaVerdict> sla, Instant since,
        Instant measuredAt) {
    public TunnelHealthEvent {
        Required.text(sourceCluster, "TunnelHealthEvent", "sourceCluster");
        Required.text(destinationCluster, "TunnelHealthEvent", "destinationCluster");
        Required.text(tunnel, "TunnelHealthEvent", "tunnel");
        Required.text(address, "TunnelHealthEvent", "address");
        Required.port(port, "TunnelHealthEvent", "port");
        Required.nonNull(state, "TunnelHealthEvent", "state");
        figures = figures == null ? TunnelFigures.NONE : figures;
        sla = Required.list(sla);
        Required.nonNull(since, "TunnelHealthEvent", "since");
        Required.nonNull(measuredAt, "TunnelHealthEvent", "measuredAt");
    }

    public String key() {
        return EventKeys.tunnel(sourceCluster, destinationCluster, tunnel);
    }
}

package io.l7mp.mcw.telemetry.domain;

import io.l7mp.mcw.api.event.Sla;

/**
 * A WAN policy of the destination cluster, as the health of one of its tunnels is judged against it.
 *
 * @param usesTunnel whether the policy's own tunnel is this one: only such policies can make the tunnel DEGRADED;
 *        the others are judged too, for failover (could this tunnel carry that policy's traffic?)
 */
public record TunnelPolicy(String name, Sla sla, boolean usesTunnel) {
    public TunnelPolicy {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("TunnelPolicy.name is missing, expected a WANPolicy name");
        }
        sla = sla == null ? Sla.BEST_EFFORT : sla;
    }
}

package io.l7mp.mcw.telemetry.domain;

import java.util.List;

import io.l7mp.mcw.api.event.EventKeys;

/**
 * One tunnel to probe: probes go to {@code address:port}, the destination cluster's ingress gateway on the tunnel's
 * port.
 *
 * @param policies every accepted WAN policy of the destination cluster, by name, each marked whether it uses this
 *        tunnel: what {@link TunnelHealth#evaluate} judges the tunnel against
 */
public record ProbeTarget(String destinationCluster, String tunnel, String address, int port,
        List<TunnelPolicy> policies) {
    public ProbeTarget {
        policies = List.copyOf(policies);
    }

    /** The key of this tunnel's health events ({@code <source>/<destination>/<tunnel>}). */
    public String key(String sourceCluster) {
        return EventKeys.tunnel(sourceCluster, destinationCluster, tunnel);
    }
}

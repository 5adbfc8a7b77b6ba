package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.List;

/**
 * One cluster that exports a destination service, with that cluster's own WAN policy: its gateway listens on that
 * policy's port, so that is where the tunnel ends (under a KEP-1645 policy conflict each cluster still gets the
 * traffic on its own policy's tunnel).
 *
 * @param ports the service ports this cluster exports (its own, before the KEP-1645 merge)
 */
public record DestinationCluster(String cluster, String ingressAddress, String policy, String tunnel, int tunnelPort,
        Integer dscp, int readyEndpoints, Instant exportCreated, List<Integer> ports) {
    public DestinationCluster {
        ports = List.copyOf(ports);
    }

    public Upstream upstream() {
        return new Upstream(cluster, ingressAddress, tunnelPort, policy, tunnel, dscp);
    }
}

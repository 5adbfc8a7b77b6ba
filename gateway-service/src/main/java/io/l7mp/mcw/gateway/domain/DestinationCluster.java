package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One cluster that exports a destination service, with that cluster's own WAN policy and the tunnel its traffic takes
 * now: the policy's own, or another of that cluster's tunnels after a failover (its gateway listens on every policy's
 * port). Under a KEP-1645 policy conflict each cluster still gets the traffic of its own policy.
 *
 * @param policy the destination cluster's policy the export names
 * @param tunnels where the traffic goes: the tunnel in use and the fallbacks
 * @param ports the service ports this cluster exports (its own, before the KEP-1645 merge)
 */
public record DestinationCluster(String cluster, String ingressAddress, String policy, TunnelChoice tunnels,
        int readyEndpoints, Instant exportCreated, List<Integer> ports) {
    public DestinationCluster {
        ports = List.copyOf(ports);
    }

    public String tunnel() {
        return tunnels.active().tunnel();
    }

    public int tunnelPort() {
        return tunnels.active().port();
    }

    public Integer dscp() {
        return tunnels.active().dscp();
    }

    /** Whether any tunnel to the cluster carries traffic. */
    public boolean reachable() {
        return tunnels.kind() != TunnelChoice.Kind.ALL_DOWN;
    }

    /** Where the traffic goes now. */
    public Upstream upstream() {
        return upstream(tunnels.active());
    }

    /** The tunnel in use, then the fallbacks: where a request is retried when its tunnel fails. */
    public List<Upstream> upstreams() {
        List<Upstream> all = new ArrayList<>(1 + tunnels.fallbacks().size());
        all.add(upstream());
        tunnels.fallbacks().forEach(t -> all.add(upstream(t)));
        return all;
    }

    private Upstream upstream(TunnelOption tunnel) {
        return new Upstream(cluster, ingressAddress, tunnel.port(), policy, tunnel.tunnel(), tunnel.dscp());
    }
}

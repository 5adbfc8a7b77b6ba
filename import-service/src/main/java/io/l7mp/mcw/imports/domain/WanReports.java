package io.l7mp.mcw.imports.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.TunnelHealthEvent;

/**
 * What this cluster knows of its side of the SD-WAN: the latest health reading of every tunnel from this cluster
 * ({@code mcw.tunnel-health.v1}, this cluster as source) and the tunnel its gateway uses per (destination cluster,
 * WAN policy) ({@code mcw.gateway-events.v1}, the latest event of this cluster).
 *
 * @param tunnels sorted by destination cluster, then tunnel
 * @param gatewayReported whether this cluster's gateway has published any event yet
 */
public record WanReports(List<TunnelReading> tunnels, List<ActiveTunnel> activeTunnels, boolean gatewayReported) {

    public static final WanReports NONE = new WanReports(List.of(), List.of(), false);

    public WanReports {
        tunnels = tunnels.stream().sorted(Comparator.comparing(TunnelReading::destinationCluster)
                .thenComparing(TunnelReading::tunnel)).toList();
        activeTunnels = List.copyOf(activeTunnels);
    }

    /**
     * @param health every cluster's tunnel health reports; only those of {@code cluster} as the source are kept
     * @param gateway the latest gateway event under {@code cluster}'s key; null when there is none
     */
    public static WanReports of(String cluster, Collection<TunnelHealthEvent> health, GatewayEvent gateway) {
        List<TunnelReading> own = health.stream().filter(e -> e.sourceCluster().equals(cluster))
                .map(TunnelReading::of).toList();
        boolean reported = gateway != null && gateway.cluster().equals(cluster);
        return new WanReports(own, reported ? gateway.activeTunnels() : List.of(), reported);
    }

    /** The tunnel the gateway uses to {@code destination} for {@code policy}. */
    public Optional<ActiveTunnel> active(String destination, String policy) {
        return activeTunnels.stream()
                .filter(a -> a.destinationCluster().equals(destination) && a.policy().equals(policy)).findFirst();
    }

    public Optional<TunnelReading> reading(String destination, String tunnel) {
        return tunnels.stream().filter(t -> t.destinationCluster().equals(destination) && t.tunnel().equals(tunnel))
                .findFirst();
    }

    /** The readings of every tunnel to {@code destination}. */
    public List<TunnelReading> readingsTo(String destination) {
        return tunnels.stream().filter(t -> t.destinationCluster().equals(destination)).toList();
    }
}

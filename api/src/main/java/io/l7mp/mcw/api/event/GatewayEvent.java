package io.l7mp.mcw.api.event;

import java.time.Instant;
import java.util.List;

/**
 * What one cluster's gateway did ({@code mcw.gateway-events.v1}, key {@code <cluster>}): a tunnel switch, or a route
 * table applied. Every event carries the whole current tunnel choice ({@code activeTunnels}), so the latest event of a
 * cluster is its gateway's state and a consumer that starts late needs nothing older.
 *
 * @param kind {@link #TUNNEL_SWITCHED} or {@link #ROUTES_APPLIED}
 * @param switched the switch, for {@link #TUNNEL_SWITCHED}; null otherwise
 * @param activeTunnels per (destination cluster, policy), the tunnel in use
 * @param routeTableVersion the route table version in force when the event was made
 */
public record GatewayEvent(String cluster, String kind, Instant time, TunnelSwitch switched,
        List<ActiveTunnel> activeTunnels, long routeTableVersion) {

    public static final String TUNNEL_SWITCHED = "TunnelSwitched";
    public static final String ROUTES_APPLIED = "RoutesApplied";

    public GatewayEvent {
        Required.text(cluster, "GatewayEvent", "cluster");
        Required.text(kind, "GatewayEvent", "kind");
        Required.nonNull(time, "GatewayEvent", "time");
        activeTunnels = Required.list(activeTunnels);
        if (TUNNEL_SWITCHED.equals(kind) && switched == null) {
            throw new IllegalArgumentException("GatewayEvent.switched is missing, expected it for kind " + kind);
        }
    }

    public String key() {
        return cluster;
    }
}

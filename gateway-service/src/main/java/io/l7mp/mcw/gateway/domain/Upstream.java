package io.l7mp.mcw.gateway.domain;

/**
 * Where the egress gateway sends one request or connection: the exporting cluster's ingress gateway, on the port of
 * the tunnel the policy names, marked with the policy's DSCP.
 */
public record Upstream(String cluster, String ingressHost, int tunnelPort, String policy, String tunnel,
        Integer dscp) {
    public Endpoint address() {
        return new Endpoint(ingressHost, tunnelPort);
    }

    /** The SD-WAN path the flow crosses. */
    public PathKey path() {
        return new PathKey(cluster, tunnel);
    }
}

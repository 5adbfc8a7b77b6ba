package io.l7mp.mcw.gateway.domain;

/**
 * One tunnel a destination cluster can be reached on: the port of one of its accepted WAN policies (its ingress
 * listens on every one), with that policy's DSCP so the SD-WAN classifies the flow as that tunnel's.
 *
 * @param policy the destination cluster's policy whose port this is
 */
public record TunnelOption(String tunnel, int port, Integer dscp, String policy) {
    @Override
    public String toString() {
        return tunnel + "(" + port + ")";
    }
}

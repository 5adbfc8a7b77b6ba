package io.l7mp.mcw.gateway.domain;

/**
 * An ingress listener: one per accepted local WAN policy. The SD-WAN delivers a tunnel's traffic to its port.
 *
 * @param dscp the policy's DSCP, null when it sets none
 */
public record IngressListener(int port, String policy, String tunnel, Integer dscp) {
}

package io.l7mp.mcw.imports.domain;

/**
 * One endpoint of a derived Service's EndpointSlice, with the conditions the Kubernetes EndpointSlice controller
 * gives a pod: {@code ready} = Ready and not terminating, {@code serving} = Ready, {@code terminating} = being
 * deleted. kube-proxy sends traffic to ready endpoints, and to serving terminating ones only when there are no
 * ready ones.
 *
 * @param nodeName the node of the pod, null for a fixed address
 * @param pod the pod behind the address ({@code targetRef}), null for a fixed address
 */
public record EgressEndpoint(String address, boolean ready, boolean serving, boolean terminating, String nodeName,
        PodRef pod) {

    /** The endpoint of a fixed egress address: always ready. */
    static EgressEndpoint fixed(String address) {
        return new EgressEndpoint(address, true, true, false, null, null);
    }

    /** The pod an endpoint stands for. */
    public record PodRef(String namespace, String name, String uid) {
    }
}

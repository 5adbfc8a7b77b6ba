package io.l7mp.mcw.imports.domain;

import java.util.List;

/**
 * The EndpointSlice of a derived Service: this cluster's egress gateway (its pods, or one fixed address) on the
 * allocated egress ports. It exists even without endpoints, so that the Service is there and simply has no
 * backends while the gateway is down.
 *
 * @param addressType IPv4, IPv6 or FQDN (see {@link EgressEndpoints})
 * @param sourceCluster the cluster its endpoints are in (label {@code multicluster.kubernetes.io/source-cluster}):
 *        this one, since they are this cluster's egress gateway, whichever cluster the gateway then sends to
 */
public record DesiredEndpointSlice(String namespace, String name, String serviceName, String importName,
        String addressType, List<EgressEndpoint> endpoints, List<SlicePort> ports, String sourceCluster) {

    public DesiredEndpointSlice {
        endpoints = List.copyOf(endpoints);
        ports = List.copyOf(ports);
    }

    /** A port of the slice: named like the service port, numbered with its egress port. */
    public record SlicePort(String name, String protocol, String appProtocol, int port) {
    }
}

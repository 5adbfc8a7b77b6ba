package io.l7mp.mcw.imports.domain;

import java.util.List;

/**
 * The EndpointSlice of a derived Service: one endpoint, this cluster's egress gateway.
 *
 * @param addressType IPv4, IPv6 or FQDN, from the form of the egress address
 */
public record DesiredEndpointSlice(String namespace, String name, String serviceName, String importName,
        String addressType, List<String> addresses, List<SlicePort> ports) {

    public DesiredEndpointSlice {
        addresses = List.copyOf(addresses);
        ports = List.copyOf(ports);
    }

    /** A port of the slice: named like the service port, numbered with its egress port. */
    public record SlicePort(String name, String protocol, String appProtocol, int port) {
    }

    /** The EndpointSlice address type of {@code address}. */
    public static String addressType(String address) {
        if (address.contains(":")) {
            return "IPv6";
        }
        return address.matches("\\d{1,3}(\\.\\d{1,3}){3}") ? "IPv4" : "FQDN";
    }
}

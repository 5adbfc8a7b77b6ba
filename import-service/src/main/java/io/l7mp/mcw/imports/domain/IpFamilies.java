package io.l7mp.mcw.imports.domain;

import java.util.List;

/** The {@code ipFamilies} of a ServiceImport: Kubernetes' names of the address families of its addresses. */
final class IpFamilies {
    static final String IPV4 = "IPv4";
    static final String IPV6 = "IPv6";

    private IpFamilies() {
    }

    /** The family of each IP, in the same order (the MCS API: {@code ips[i]} is of family {@code ipFamilies[i]}). */
    static List<String> of(List<String> ips) {
        return ips.stream().map(ip -> ip.contains(":") ? IPV6 : IPV4).toList();
    }

    /** The family of an EndpointSlice's addresses; none for FQDN endpoints. */
    static List<String> ofAddressType(String addressType) {
        return switch (addressType) {
            case EgressEndpoints.IPV4 -> List.of(IPV4);
            case EgressEndpoints.IPV6 -> List.of(IPV6);
            default -> List.of();
        };
    }
}

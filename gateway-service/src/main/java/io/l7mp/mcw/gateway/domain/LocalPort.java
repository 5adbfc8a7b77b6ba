package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * A port of a local Service and its ready endpoints (from EndpointSlices: pod address and target port).
 *
 * @param endpoints ready endpoints only; empty when none is ready or the Service has no selector
 */
public record LocalPort(String name, String protocol, int port, List<Endpoint> endpoints) {
    public LocalPort {
        protocol = protocol == null ? "TCP" : protocol;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("LocalPort.port is " + port + ", expected 1-65535");
        }
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * A port of a service this cluster exports and where the ingress gateway forwards it.
 *
 * @param backends the ready endpoints; empty when none is ready (requests get 503)
 */
public record ExportedPort(String name, String protocol, int port, List<Endpoint> backends) {
    public ExportedPort {
        backends = List.copyOf(backends);
    }
}

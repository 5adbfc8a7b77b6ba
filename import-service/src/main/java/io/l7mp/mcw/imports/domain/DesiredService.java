package io.l7mp.mcw.imports.domain;

import java.util.List;

/**
 * The selector-less Service derived from an import: its clusterIP is the clusterset VIP, and its one endpoint is
 * the egress gateway, reached on the egress port allocated for each service port.
 *
 * @param headless clusterIP None (imports of type Headless)
 */
public record DesiredService(String namespace, String name, String importName, boolean headless,
        List<ServicePort> ports) {

    public DesiredService {
        ports = List.copyOf(ports);
    }

    /** A port of the derived Service: the imported port, forwarded to the egress port. */
    public record ServicePort(String name, String protocol, String appProtocol, int port, int targetPort) {
    }
}

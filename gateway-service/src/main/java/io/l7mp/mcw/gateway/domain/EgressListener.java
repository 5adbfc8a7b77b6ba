package io.l7mp.mcw.gateway.domain;

/**
 * An egress listener: one per port of an imported service, on the port import-service allocated (the derived
 * Service's targetPort), so every gateway replica listens on the same ports.
 *
 * @param portName the service port's name, null when unnamed
 */
public record EgressListener(int port, ServiceKey service, int servicePort, String portName, String protocol) {
}

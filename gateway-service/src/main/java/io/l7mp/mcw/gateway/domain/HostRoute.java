package io.l7mp.mcw.gateway.domain;

/**
 * What the Host-routing egress listener does with one host name.
 *
 * @param port the service port; null when the name needs an explicit port (an imported service with several ports
 *        and no port 80) or takes any port (a host that only L7 rules define)
 */
public record HostRoute(ServiceKey service, Integer port) {
    @Override
    public String toString() {
        return service + (port == null ? "" : ":" + port);
    }
}

package io.l7mp.mcw.api.event;

/** The egress gateway port allocated in one cluster for one imported service port. */
public record EgressPort(String name, String protocol, int port, int egressPort) {
    public EgressPort {
        protocol = protocol == null ? "TCP" : protocol;
        Required.port(port, "EgressPort", "port");
        Required.port(egressPort, "EgressPort", "egressPort");
    }
}

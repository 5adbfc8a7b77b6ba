package io.l7mp.mcw.gateway.domain;

/**
 * A port of an imported service and the egress gateway port import-service allocated for it in this cluster.
 *
 * @param protocol TCP, UDP or SCTP (Service port protocol); null means TCP
 */
public record ImportedPort(String name, String protocol, int port, int egressPort) {
    public ImportedPort {
        protocol = protocol == null ? "TCP" : protocol;
        checkPort(port, "port");
        checkPort(egressPort, "egressPort");
    }

    private static void checkPort(int value, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("ImportedPort." + field + " is " + value + ", expected 1-65535");
        }
    }
}

package io.l7mp.mcw.imports.domain;

/**
 * What the planner needs to know about its own cluster.
 *
 * @param cluster the name of the cluster this import-service runs in
 * @param egressAddress address of this cluster's egress gateway: the one endpoint of every derived Service
 * @param egressPorts the ports the egress gateway may listen on for imported service ports
 */
public record ImportConfig(String cluster, String egressAddress, PortRange egressPorts) {
    public ImportConfig {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("cluster name is missing, expected a non-empty mcw.cluster.name");
        }
        if (egressAddress == null || egressAddress.isBlank()) {
            throw new IllegalArgumentException("egress address is missing, expected a non-empty mcw.import.egress-address");
        }
        if (egressPorts == null) {
            throw new IllegalArgumentException("egress port range is missing");
        }
    }
}

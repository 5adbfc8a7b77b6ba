package io.l7mp.mcw.imports.domain;

/**
 * What the planner needs to know about its own cluster.
 *
 * @param cluster the id of the cluster this import-service runs in
 * @param egress where the endpoints of every derived Service come from: the egress gateway's pods, or one address
 * @param egressPorts the ports the egress gateway may listen on for imported service ports
 */
public record ImportConfig(String cluster, EgressSource egress, PortRange egressPorts) {
    public ImportConfig {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("cluster name is missing, expected a non-empty mcw.cluster.name");
        }
        if (egress == null) {
            throw new IllegalArgumentException("egress endpoint source is missing, expected mcw.import.egress-address "
                    + "or mcw.import.egress-pod-selector");
        }
        if (egressPorts == null) {
            throw new IllegalArgumentException("egress port range is missing");
        }
    }

    /** The same settings for the cluster id in use (the ClusterProperty's, when the cluster has one). */
    public ImportConfig withCluster(String id) {
        return new ImportConfig(id, egress, egressPorts);
    }
}

package io.l7mp.mcw.api.mcs;

import java.util.List;

import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;

/**
 * One service as the clusterset sees it: the KEP-1645 merge of every cluster's export.
 *
 * @param policy the WAN policy of the oldest export
 * @param clusters every exporting cluster, oldest export first
 * @param conflicts empty when all exports agree
 */
public record AggregatedService(String namespace, String name, String type, String sessionAffinity,
        List<ExportPort> ports, ExportedPolicy policy, List<ClusterBackend> clusters, List<ExportConflict> conflicts) {
    public AggregatedService {
        ports = List.copyOf(ports);
        clusters = List.copyOf(clusters);
        conflicts = List.copyOf(conflicts);
    }

    public List<String> clusterNames() {
        return clusters.stream().map(ClusterBackend::cluster).toList();
    }

    /** The conflicts that involve {@code cluster}. */
    public List<ExportConflict> conflictsOf(String cluster) {
        return conflicts.stream().filter(c -> c.clusters().contains(cluster)).toList();
    }
}

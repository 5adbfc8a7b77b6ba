package io.l7mp.mcw.api.mcs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.SessionAffinityConfig;

/**
 * One service as the clusterset sees it: the KEP-1645 merge of every cluster's export.
 *
 * @param ports the union of the ports MCW carries
 * @param policy the WAN policy of the oldest export
 * @param clusters every exporting cluster, oldest export first
 * @param conflicts empty when all exports agree; ordered by reason
 * @param sessionAffinityConfig, internalTrafficPolicy, trafficDistribution the oldest export's, null when it has none
 * @param refusedPorts per exporting cluster (oldest first) the ports of its Service that MCW does not carry; only
 *        clusters that have some
 * @param exportedLabels, exportedAnnotations the oldest export's, what every ServiceImport carries
 */
public record AggregatedService(String namespace, String name, String type, String sessionAffinity,
        List<ExportPort> ports, ExportedPolicy policy, List<ClusterBackend> clusters, List<ExportConflict> conflicts,
        SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy, String trafficDistribution,
        Map<String, List<ExportPort>> refusedPorts, Map<String, String> exportedLabels,
        Map<String, String> exportedAnnotations) {
    public AggregatedService {
        ports = List.copyOf(ports);
        clusters = List.copyOf(clusters);
        conflicts = List.copyOf(conflicts);
        Map<String, List<ExportPort>> refused = new LinkedHashMap<>();
        (refusedPorts == null ? Map.<String, List<ExportPort>> of() : refusedPorts)
                .forEach((cluster, list) -> refused.put(cluster, List.copyOf(list)));
        refusedPorts = Collections.unmodifiableMap(refused);
        exportedLabels = exportedLabels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(exportedLabels));
        exportedAnnotations = exportedAnnotations == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(exportedAnnotations));
    }

    public List<String> clusterNames() {
        return clusters.stream().map(ClusterBackend::cluster).toList();
    }

    /** The conflicts that involve {@code cluster}. */
    public List<ExportConflict> conflictsOf(String cluster) {
        return conflicts.stream().filter(c -> c.clusters().contains(cluster)).toList();
    }

    /** "cluster-1: 'dns' 53/UDP, cluster-2: 'sctp' 142/SCTP"; empty when every port is carried. */
    public String describeRefusedPorts() {
        List<String> parts = new ArrayList<>();
        refusedPorts.forEach((cluster, list) -> parts.add(cluster + ": "
                + String.join(", ", list.stream().map(ExportPort::describe).toList())));
        return String.join("; ", parts);
    }
}

package io.l7mp.mcw.imports.domain;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;

/**
 * Everything the import plan depends on.
 *
 * @param exports the latest export of every cluster (the view of the exports topic)
 * @param namespaces namespaces that exist (and are not terminating) in this cluster
 * @param allocations egress ports recorded on the ServiceImports this service manages, by import
 * @param clusterIps clusterIPs of the derived Services this service manages, by Service
 * @param foreign objects that carry a name this service would use but are not managed by it
 * @param published the import events on the imports topic, by key (other clusters' keys are ignored)
 * @param egressPods the pods the egress gateway pod informer holds (empty when the egress is a fixed address)
 * @param wan the tunnel health and the gateway's tunnel choice of this cluster, for the ServiceImports' WAN status
 * @param pinned the static ServiceImports of this cluster ({@link PinnedImport}), by import
 */
public record PlannerInput(ImportConfig config, List<ExportEvent> exports, Set<String> namespaces,
        Map<ServiceRef, List<EgressPort>> allocations, Map<ServiceRef, String> clusterIps, Set<ObjectRef> foreign,
        Map<String, ImportEvent> published, List<EgressPod> egressPods, WanReports wan,
        Map<ServiceRef, PinnedImport> pinned) {
    public PlannerInput {
        exports = List.copyOf(exports);
        namespaces = Set.copyOf(namespaces);
        allocations = Map.copyOf(allocations);
        clusterIps = Map.copyOf(clusterIps);
        foreign = Set.copyOf(foreign);
        published = Map.copyOf(published);
        egressPods = List.copyOf(egressPods);
        wan = wan == null ? WanReports.NONE : wan;
        pinned = pinned == null ? Map.of() : Map.copyOf(pinned);
    }

    /** An input without static imports. */
    public PlannerInput(ImportConfig config, List<ExportEvent> exports, Set<String> namespaces,
            Map<ServiceRef, List<EgressPort>> allocations, Map<ServiceRef, String> clusterIps, Set<ObjectRef> foreign,
            Map<String, ImportEvent> published, List<EgressPod> egressPods, WanReports wan) {
        this(config, exports, namespaces, allocations, clusterIps, foreign, published, egressPods, wan, Map.of());
    }

    /** The same input with other derived-Service clusterIPs (after the Services were applied). */
    public PlannerInput withClusterIps(Map<ServiceRef, String> ips) {
        return new PlannerInput(config, exports, namespaces, allocations, ips, foreign, published, egressPods, wan,
                pinned);
    }
}

package io.l7mp.mcw.api.event;

import java.util.List;

/**
 * The state of one import in one cluster ({@code mcw.imports.v1}, key {@code <cluster>/<namespace>/<name>}).
 * A tombstone means no cluster exports the service any more and the import was removed.
 *
 * @param ips the clusterset VIP(s): clusterIP of the derived Service
 * @param sourceClusters the exporting clusters
 * @param policy the WAN policy name of the export that won (oldest)
 */
public record ImportEvent(String cluster, String namespace, String name, ImportState state, String type,
        List<String> ips, List<EgressPort> egressPorts, List<String> sourceClusters, String policy, String message) {
    public ImportEvent {
        Required.text(cluster, "ImportEvent", "cluster");
        Required.text(namespace, "ImportEvent", "namespace");
        Required.text(name, "ImportEvent", "name");
        Required.nonNull(state, "ImportEvent", "state");
        ips = Required.list(ips);
        egressPorts = Required.list(egressPorts);
        sourceClusters = Required.list(sourceClusters);
    }

    public String key() {
        return EventKeys.export(cluster, namespace, name);
    }
}

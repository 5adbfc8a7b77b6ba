package io.l7mp.mcw.api.event;

import java.time.Instant;
import java.util.List;

/**
 * A service exported by one cluster ({@code mcw.exports.v1}, key {@code <cluster>/<namespace>/<name>}).
 * A tombstone means the export was withdrawn (unexported, Service deleted, or its policy lost).
 *
 * @param exportCreated creation time of the ServiceExport; KEP-1645 conflicts are won by the oldest
 * @param ingressAddress host (or IP) of the exporting cluster's ingress gateway; the tunnel port is
 *        {@code policy.port}
 */
public record ExportEvent(String cluster, String namespace, String name, String type, String sessionAffinity,
        List<ExportPort> ports, ExportedPolicy policy, String ingressAddress, int readyEndpoints, Instant exportCreated) {
    public ExportEvent {
        Required.text(cluster, "ExportEvent", "cluster");
        Required.text(namespace, "ExportEvent", "namespace");
        Required.text(name, "ExportEvent", "name");
        type = type == null ? "ClusterSetIP" : type;
        sessionAffinity = sessionAffinity == null ? "None" : sessionAffinity;
        ports = Required.list(ports);
        Required.nonNull(policy, "ExportEvent", "policy");
        Required.text(ingressAddress, "ExportEvent", "ingressAddress");
        Required.nonNull(exportCreated, "ExportEvent", "exportCreated");
        if (readyEndpoints < 0) {
            throw new IllegalArgumentException("ExportEvent.readyEndpoints is " + readyEndpoints + ", expected >= 0");
        }
    }

    public String key() {
        return EventKeys.export(cluster, namespace, name);
    }
}

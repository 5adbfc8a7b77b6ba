package io.l7mp.mcw.api.event;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A service exported by one cluster ({@code mcw.exports.v1}, key {@code <cluster>/<namespace>/<name>}).
 * A tombstone means the export was withdrawn (unexported, Service deleted, or its policy lost).
 *
 * @param ports the Service ports MCW carries (TCP): what the clusterset imports
 * @param exportCreated creation time of the ServiceExport; KEP-1645 conflicts are won by the oldest
 * @param ingressAddress host (or IP) of the exporting cluster's ingress gateway; the tunnel port is
 *        {@code policy.port}
 * @param sessionAffinityConfig the Service's {@code spec.sessionAffinityConfig}, null when unset
 * @param internalTrafficPolicy the Service's {@code spec.internalTrafficPolicy} ({@code Cluster}, {@code Local}), null
 *        when unset
 * @param trafficDistribution the Service's {@code spec.trafficDistribution} (e.g. {@code PreferClose}), null when unset
 * @param refusedPorts the Service ports MCW does not carry (UDP, SCTP): never imported, listed so that every cluster
 *        compares whole Services (KEP-1645 {@code PortConflict}) and can say what was left out
 * @param exportedLabels, exportedAnnotations the ServiceExport's {@code spec.exportedLabels} and
 *        {@code spec.exportedAnnotations} (MCS API v1beta1): what every ServiceImport of the service carries; empty
 *        (and absent from the JSON, so that events written before they existed read the same) when none
 */
public record ExportEvent(String cluster, String namespace, String name, String type, String sessionAffinity,
        List<ExportPort> ports, ExportedPolicy policy, String ingressAddress, int readyEndpoints, Instant exportCreated,
        SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy, String trafficDistribution,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ExportPort> refusedPorts,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> exportedLabels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> exportedAnnotations) {
    @JsonCreator
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
        refusedPorts = Required.list(refusedPorts);
        exportedLabels = sorted(exportedLabels);
        exportedAnnotations = sorted(exportedAnnotations);
    }

    /** An export without exported labels or annotations. */
    public ExportEvent(String cluster, String namespace, String name, String type, String sessionAffinity,
            List<ExportPort> ports, ExportedPolicy policy, String ingressAddress, int readyEndpoints,
            Instant exportCreated, SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy,
            String trafficDistribution, List<ExportPort> refusedPorts) {
        this(cluster, namespace, name, type, sessionAffinity, ports, policy, ingressAddress, readyEndpoints,
                exportCreated, sessionAffinityConfig, internalTrafficPolicy, trafficDistribution, refusedPorts, null,
                null);
    }

    /** An export with no Service field beyond the ports and session affinity, and every port carried. */
    public ExportEvent(String cluster, String namespace, String name, String type, String sessionAffinity,
            List<ExportPort> ports, ExportedPolicy policy, String ingressAddress, int readyEndpoints,
            Instant exportCreated) {
        this(cluster, namespace, name, type, sessionAffinity, ports, policy, ingressAddress, readyEndpoints,
                exportCreated, null, null, null, List.of());
    }

    /** The same export with these exported labels and annotations. */
    public ExportEvent withExported(Map<String, String> labels, Map<String, String> annotations) {
        return new ExportEvent(cluster, namespace, name, type, sessionAffinity, ports, policy, ingressAddress,
                readyEndpoints, exportCreated, sessionAffinityConfig, internalTrafficPolicy, trafficDistribution,
                refusedPorts, labels, annotations);
    }

    public String key() {
        return EventKeys.export(cluster, namespace, name);
    }

    /** Sorted and unmodifiable, so that equal maps compare and print the same whatever order they came in. */
    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}

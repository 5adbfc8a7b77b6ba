package io.l7mp.mcw.export.domain;

import java.util.List;
import java.util.Objects;

import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.SessionAffinityConfig;

/**
 * A Service of this cluster, as the planner needs it.
 *
 * @param type spec.type ({@code ClusterIP}, {@code NodePort}, {@code LoadBalancer}, {@code ExternalName}); null is
 *        ClusterIP, Kubernetes' default
 * @param clusterIp spec.clusterIP; {@code None} makes the export Headless
 * @param ports every port of the Service, whatever its protocol
 * @param sessionAffinityConfig, internalTrafficPolicy, trafficDistribution as in the spec, null when unset
 */
public record LocalService(ExportRef ref, String type, String clusterIp, String sessionAffinity,
        List<ExportPort> ports, SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy,
        String trafficDistribution) {

    /** The clusterIP of a headless Service. */
    public static final String CLUSTER_IP_NONE = "None";
    /** The type of Service that KEP-1645 does not let anyone export: it has no endpoints to merge. */
    public static final String TYPE_EXTERNAL_NAME = "ExternalName";

    public LocalService {
        Objects.requireNonNull(ref, "ref");
        type = type == null || type.isBlank() ? "ClusterIP" : type;
        sessionAffinity = sessionAffinity == null || sessionAffinity.isBlank() ? "None" : sessionAffinity;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** A ClusterIP Service with no field beyond its ports and session affinity set. */
    public LocalService(ExportRef ref, String clusterIp, String sessionAffinity, List<ExportPort> ports) {
        this(ref, null, clusterIp, sessionAffinity, ports, null, null, null);
    }

    public boolean headless() {
        return CLUSTER_IP_NONE.equals(clusterIp);
    }

    public boolean externalName() {
        return TYPE_EXTERNAL_NAME.equals(type);
    }

    /** The ports MCW carries across the WAN (TCP). */
    public List<ExportPort> carriedPorts() {
        return ports.stream().filter(ExportPort::carried).toList();
    }

    /** The ports MCW does not carry (UDP, SCTP). */
    public List<ExportPort> refusedPorts() {
        return ports.stream().filter(p -> !p.carried()).toList();
    }
}

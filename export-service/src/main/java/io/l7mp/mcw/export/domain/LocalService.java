package io.l7mp.mcw.export.domain;

import java.util.List;
import java.util.Objects;

import io.l7mp.mcw.api.event.ExportPort;

/**
 * A Service of this cluster, as the planner needs it.
 *
 * @param clusterIp spec.clusterIP; {@code None} makes the export Headless
 */
public record LocalService(ExportRef ref, String clusterIp, String sessionAffinity, List<ExportPort> ports) {

    /** The clusterIP of a headless Service. */
    public static final String CLUSTER_IP_NONE = "None";

    public LocalService {
        Objects.requireNonNull(ref, "ref");
        sessionAffinity = sessionAffinity == null || sessionAffinity.isBlank() ? "None" : sessionAffinity;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public boolean headless() {
        return CLUSTER_IP_NONE.equals(clusterIp);
    }
}

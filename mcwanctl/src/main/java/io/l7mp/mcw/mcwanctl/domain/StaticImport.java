package io.l7mp.mcw.mcwanctl.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.api.net.HostPort;

/**
 * A ServiceImport pinned to a remote cluster's ingress gateway, for a cluster that is not on the event bus (the
 * "static mode" of {@code mcwanctl import}). The annotations are its contract with the gateway and the
 * import-service (docs/mcwanctl.md, "Static imports"; the constants are {@link StaticIngress}'s):
 * <ul>
 * <li>{@value #ANNOTATION_INGRESS}: the remote ingress gateway, {@code HOST} or {@code HOST:PORT}; its presence
 * makes the import static;</li>
 * <li>{@value #ANNOTATION_POLICY}: the WAN policy (of this cluster) whose tunnel, port and SLA the traffic gets;</li>
 * <li>{@value #ANNOTATION_CLUSTER}: the name the remote cluster goes by in status, metrics and tunnel keys.</li>
 * </ul>
 */
public record StaticImport(ServiceRef service, HostPort ingress, String policy, String remoteCluster,
        List<ImportPort> ports) {

    public static final String ANNOTATION_INGRESS = StaticIngress.ANNOTATION_INGRESS;
    public static final String ANNOTATION_POLICY = StaticIngress.ANNOTATION_POLICY;
    public static final String ANNOTATION_CLUSTER = StaticIngress.ANNOTATION_CLUSTER;
    public static final String LABEL_MANAGED_BY = StaticIngress.LABEL_MANAGED_BY;
    public static final String MANAGED_BY = StaticIngress.MANAGED_BY;

    public StaticImport {
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("a static import needs a WAN policy");
        }
        if (ports == null || ports.isEmpty()) {
            throw new IllegalArgumentException("a static import needs at least one port");
        }
        ports = List.copyOf(ports);
    }

    /** {@code static-192-0-2-10}: a cluster name derived from the ingress host when none is given. */
    public static String defaultClusterName(HostPort ingress) {
        return StaticIngress.defaultClusterName(ingress);
    }

    public Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_INGRESS, ingress.toString());
        annotations.put(ANNOTATION_POLICY, policy);
        annotations.put(ANNOTATION_CLUSTER, remoteCluster);
        return annotations;
    }

    public Map<String, String> labels() {
        return Map.of(LABEL_MANAGED_BY, MANAGED_BY);
    }

    /** {@code spec.ports} of the ServiceImport, as the MCS API writes them. */
    public List<Map<String, Object>> specPorts() {
        return ports.stream().map(p -> {
            Map<String, Object> port = new LinkedHashMap<>();
            if (p.name() != null) {
                port.put("name", p.name());
            }
            port.put("protocol", p.protocol());
            port.put("port", p.port());
            return port;
        }).toList();
    }
}

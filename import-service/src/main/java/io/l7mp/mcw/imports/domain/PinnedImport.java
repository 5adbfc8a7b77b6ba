package io.l7mp.mcw.imports.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.mcs.StaticIngress;

/**
 * A ServiceImport pinned to a remote cluster's ingress gateway ({@link StaticIngress}, written by
 * {@code mcwanctl import --ingress-gw}): planned from itself rather than from the exports on the bus. This service
 * gives it the plumbing every import gets (egress ports, derived Service and VIP, EndpointSlice, status) and writes
 * nothing else of it.
 *
 * @param ingress how the annotations read, for messages ({@code 127.0.1.1:31111 as cluster ...}), or the raw
 *        annotation when they cannot be read
 * @param export the import as if its static cluster exported it on the bus; null when it cannot be used
 * @param reason, problem why it cannot be used (a condition reason and the sentence for the operator); null when it
 *        can
 * @param ports the ServiceImport's {@code spec.ports}
 * @param type the ServiceImport's {@code spec.type}
 */
public record PinnedImport(ServiceRef ref, String ingress, ExportEvent export, String reason, String problem,
        List<ExportPort> ports, String type) {

    public static final String REASON_INVALID = "StaticIngressInvalid";
    public static final String REASON_POLICY_NOT_FOUND = "WANPolicyNotFound";
    private static final String CLUSTER_SET_IP = "ClusterSetIP";

    public PinnedImport {
        ports = List.copyOf(ports);
        if ((export == null) == (problem == null)) {
            throw new IllegalArgumentException("a pinned import has either an export or a problem");
        }
    }

    /**
     * A static ServiceImport as the planner takes it: the export of its static cluster over this cluster's policy it
     * names, or, when its annotations cannot be read or that policy is not accepted here, the reason.
     *
     * @param ownPolicies this cluster's accepted policies, by name
     */
    public static PinnedImport of(String cluster, ServiceRef ref, Map<String, String> annotations,
            List<ExportPort> ports, String type, Instant created, Map<String, PolicyEvent> ownPolicies) {
        String kind = type == null ? CLUSTER_SET_IP : type;
        StaticIngress ingress;
        try {
            ingress = StaticIngress.of(annotations).orElseThrow(
                    () -> new IllegalArgumentException("annotation " + StaticIngress.ANNOTATION_INGRESS + " is missing"));
        } catch (IllegalArgumentException e) {
            return unusable(ref, String.valueOf(annotations.get(StaticIngress.ANNOTATION_INGRESS)), REASON_INVALID,
                    e.getMessage(), ports, kind);
        }
        PolicyEvent policy = ownPolicies.get(ingress.policy());
        if (policy == null) {
            return unusable(ref, ingress.toString(), REASON_POLICY_NOT_FOUND, "pinned to " + ingress + ", which is "
                    + "not an accepted WANPolicy of cluster " + cluster + " (annotation "
                    + StaticIngress.ANNOTATION_POLICY + "); nothing is imported until it is", ports, kind);
        }
        return usable(ref, ingress, ingress.asExport(ref.namespace(), ref.name(), kind, ports, policy, created));
    }

    public static PinnedImport usable(ServiceRef ref, StaticIngress ingress, ExportEvent export) {
        return new PinnedImport(ref, ingress.toString(), export, null, null, export.ports(), export.type());
    }

    public static PinnedImport unusable(ServiceRef ref, String ingress, String reason, String problem,
            List<ExportPort> ports, String type) {
        return new PinnedImport(ref, ingress, null, reason, problem, ports, type);
    }

    public boolean usable() {
        return export != null;
    }
}

package io.l7mp.mcw.api.mcs;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.net.HostPort;

/**
 * The static mode of a ServiceImport: one pinned to a remote cluster's ingress gateway, for a cluster that is not on
 * the event bus ({@code mcwanctl import --ingress-gw}; docs/mcwanctl.md, "Static imports"). The annotations are the
 * contract between mcwanctl, which writes them, and the gateway and import-service, which honour them:
 * <ul>
 * <li>{@value #ANNOTATION_INGRESS}: the remote ingress gateway, {@code HOST} or {@code HOST:PORT}; its presence
 * makes the import static;</li>
 * <li>{@value #ANNOTATION_POLICY}: the WAN policy <em>of this cluster</em> whose tunnel, port, SLA, DSCP and failover
 * list the traffic gets;</li>
 * <li>{@value #ANNOTATION_CLUSTER}: the name the remote cluster goes by in status, metrics and tunnel keys (default
 * {@code static-<host>}).</li>
 * </ul>
 *
 * @param ingress the remote ingress gateway; without a port, the tunnel port is the local policy's
 * @param policy the name of this cluster's WAN policy the traffic takes
 * @param cluster the remote cluster's name
 */
public record StaticIngress(HostPort ingress, String policy, String cluster) {

    public static final String ANNOTATION_INGRESS = "mcw.l7mp.io/static-ingress";
    /** The same annotation an export names its policy with ({@code WANPolicy.ANNOTATION}). */
    public static final String ANNOTATION_POLICY = "mcw.l7mp.io/mc-wan-policy";
    public static final String ANNOTATION_CLUSTER = "mcw.l7mp.io/static-cluster";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The managed-by value of a static (or pinned) import: the import-service does not own it. */
    public static final String MANAGED_BY = "mcwanctl";

    /** A cluster name as it appears in event keys: a DNS-1123 subdomain, so no {@code /}. */
    private static final Pattern CLUSTER_NAME = Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    public StaticIngress {
        if (ingress == null) {
            throw new IllegalArgumentException("the ingress is missing");
        }
        if (policy == null || policy.isBlank()) {
            throw new IllegalArgumentException("annotation " + ANNOTATION_POLICY + " is missing: a static import names"
                    + " the WANPolicy of this cluster its traffic takes");
        }
        if (cluster == null || !CLUSTER_NAME.matcher(cluster).matches()) {
            throw new IllegalArgumentException("annotation " + ANNOTATION_CLUSTER + " is '" + cluster + "', expected "
                    + "a cluster name (lower-case letters, digits, '-' and '.', at most 253 characters)");
        }
    }

    /** Whether these annotations make a ServiceImport static: the ingress annotation is there, whatever its value. */
    public static boolean isStatic(Map<String, String> annotations) {
        return annotations != null && annotations.containsKey(ANNOTATION_INGRESS);
    }

    /**
     * Reads the static mode from a ServiceImport's annotations.
     *
     * @return empty when the import is not static
     * @throws IllegalArgumentException naming the annotation, what it holds and what is expected, when it is static
     *         but an annotation is malformed
     */
    public static Optional<StaticIngress> of(Map<String, String> annotations) {
        if (!isStatic(annotations)) {
            return Optional.empty();
        }
        HostPort ingress;
        try {
            ingress = HostPort.parse(annotations.get(ANNOTATION_INGRESS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("annotation " + ANNOTATION_INGRESS + ": " + e.getMessage(), e);
        }
        String cluster = annotations.get(ANNOTATION_CLUSTER);
        return Optional.of(new StaticIngress(ingress, annotations.get(ANNOTATION_POLICY),
                cluster == null || cluster.isBlank() ? defaultClusterName(ingress) : cluster));
    }

    /** {@code static-192-0-2-10}: the cluster name derived from the ingress host when none is given. */
    public static String defaultClusterName(HostPort ingress) {
        String name = "static-" + ingress.host().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        name = name.replaceAll("-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    /**
     * The policy the traffic travels on: {@code local}'s tunnel, SLA and DSCP, on the annotation's port when it names
     * one (the remote ingress may listen elsewhere than this cluster's ingress does).
     */
    public ExportedPolicy exportedPolicy(PolicyEvent local) {
        return new ExportedPolicy(local.name(), local.tunnel(), ingress.port().orElse(local.port()), local.sla(),
                local.dscp());
    }

    /**
     * The import as if the remote cluster had exported it on the bus: what the route table and the import plan are
     * computed from, so that a static import gets exactly the plumbing, tunnel choice and status of any other.
     *
     * @param ports the ServiceImport's {@code spec.ports}
     * @param local this cluster's accepted policy named by {@link #policy()}
     * @param created the ServiceImport's creation time (stands for the export's)
     */
    public ExportEvent asExport(String namespace, String name, String type, List<ExportPort> ports, PolicyEvent local,
            Instant created) {
        if (!local.name().equals(policy)) {
            throw new IllegalArgumentException("policy " + local.name() + " is not " + policy);
        }
        return new ExportEvent(cluster, namespace, name, type, null, ports, exportedPolicy(local), ingress.host(), 1,
                created);
    }

    /** {@code 127.0.1.1:31111 as cluster-1 over sd-wan-priority-high}: how messages name it. */
    @Override
    public String toString() {
        return ingress + " as cluster " + cluster + " over WAN policy " + policy;
    }
}

package io.l7mp.mcw.api.about;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which id a cluster has (KEP-2149, About API): the value of the {@code ClusterProperty}
 * {@value ClusterProperty#CLUSTER_ID} when the cluster has one, else {@code mcw.cluster.name}. The id is fixed when a
 * service starts: KEP-2149 keeps it unchanged while the cluster is a member of a clusterset, and every key MCW ever
 * wrote starts with it. A different id while running is a {@link ClusterIdState.Changed}: the service leaves the
 * clusterset under the old id and joins under the new one when it is restarted. Pure.
 */
public final class ClusterIds {
    /** The setting used when there is no ClusterProperty. */
    public static final String CONFIG_KEY = "mcw.cluster.name";
    /** RFC 1123 DNS label, as KEP-2149 requires of a cluster id. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LENGTH = 63;

    private ClusterIds() {
    }

    /**
     * The state after reading the inputs again.
     *
     * @param inUse the id the service publishes under, empty until it has one
     * @param propertyRead whether the ClusterProperty has been read (or cannot be: no CRD, no permission)
     * @param propertyValue its {@code spec.value}, empty when there is no such ClusterProperty
     * @param configured {@code mcw.cluster.name}
     */
    public static ClusterIdState next(Optional<ClusterId> inUse, boolean propertyRead, Optional<String> propertyValue,
            String configured) {
        if (!propertyRead) {
            return inUse.<ClusterIdState> map(ClusterIdState.InUse::new).orElseGet(() -> new ClusterIdState.Unresolved(
                    "the ClusterProperty " + ClusterProperty.CLUSTER_ID + " to be read"));
        }
        Optional<String> invalid = propertyValue.flatMap(ClusterIds::invalid);
        if (invalid.isPresent()) {
            return inUse.<ClusterIdState> map(id -> new ClusterIdState.Changed(id, invalid.get() + "; " + left(id)))
                    .orElseGet(() -> new ClusterIdState.Unresolved(invalid.get()));
        }
        ClusterId now = propertyValue.map(v -> new ClusterId(v, ClusterId.Source.CLUSTER_PROPERTY))
                .orElseGet(() -> new ClusterId(configured, ClusterId.Source.CONFIGURATION));
        if (inUse.isEmpty()) {
            return new ClusterIdState.InUse(now);
        }
        if (inUse.get().name().equals(now.name())) {
            return new ClusterIdState.InUse(inUse.get());
        }
        return new ClusterIdState.Changed(inUse.get(),
                "the cluster id changed from " + inUse.get() + " to " + now + " while running; " + left(inUse.get())
                        + "; restart the MCW services of this cluster to rejoin as " + now.name());
    }

    /** Why {@code value} is not a cluster id, empty when it is one. */
    static Optional<String> invalid(String value) {
        if (value.length() <= MAX_LENGTH && DNS_LABEL.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of("ClusterProperty " + ClusterProperty.CLUSTER_ID + " has spec.value '" + value + "', expected"
                + " an RFC 1123 DNS label (at most 63 lower-case letters, digits and '-', starting and ending with a"
                + " letter or digit), as KEP-2149 requires of a cluster id");
    }

    private static String left(ClusterId id) {
        return "what this cluster published as " + id.name() + " is withdrawn (KEP-2149: a cluster id does not change"
                + " while the cluster is a member of a clusterset)";
    }
}

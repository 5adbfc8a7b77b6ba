package io.l7mp.mcw.api.about;

import java.util.Objects;

/**
 * This cluster's id in its clusterset: the first segment of every key it writes on the event topics, its CloudEvents
 * source, the {@code multicluster.kubernetes.io/source-cluster} of its EndpointSlices.
 *
 * @param source where it was read from
 */
public record ClusterId(String name, Source source) {
    /** Where an id comes from, in order of precedence. */
    public enum Source {
        /** The About API's {@code ClusterProperty} {@value ClusterProperty#CLUSTER_ID} (KEP-2149). */
        CLUSTER_PROPERTY("ClusterProperty " + ClusterProperty.CLUSTER_ID),
        /** MCW's setting, when the cluster has no such ClusterProperty. */
        CONFIGURATION(ClusterIds.CONFIG_KEY);

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public ClusterId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }

    /** "east (ClusterProperty cluster.clusterset.k8s.io)". */
    @Override
    public String toString() {
        return name + " (" + source + ")";
    }
}

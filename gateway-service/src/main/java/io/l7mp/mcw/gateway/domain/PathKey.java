package io.l7mp.mcw.gateway.domain;

import java.util.Comparator;

/** One SD-WAN path from this cluster: a tunnel to a destination cluster. */
public record PathKey(String destinationCluster, String tunnel) implements Comparable<PathKey> {
    private static final Comparator<PathKey> ORDER = Comparator.comparing(PathKey::destinationCluster)
            .thenComparing(PathKey::tunnel);

    public PathKey {
        if (destinationCluster == null || destinationCluster.isBlank() || tunnel == null || tunnel.isBlank()) {
            throw new IllegalArgumentException("PathKey needs a destination cluster and a tunnel, got "
                    + destinationCluster + "/" + tunnel);
        }
    }

    @Override
    public int compareTo(PathKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return destinationCluster + "/" + tunnel;
    }
}

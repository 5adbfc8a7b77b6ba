package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the tunnel choice of a route table rests on (DESIGN D5): the health of this cluster's paths, the tunnel each
 * (destination cluster, policy) uses now, and the time, since a fail-back waits for a hold-down.
 *
 * @param paths what is known of each path (a path not listed is unknown: given the benefit of the doubt)
 * @param current the tunnel in use per {@code <destination cluster>/<policy>}, from the table in force
 */
public record TunnelInputs(List<PathHealth> paths, Map<String, String> current, Instant now) {

    /** Nothing measured, nothing chosen yet. */
    public static final TunnelInputs NONE = new TunnelInputs(List.of(), Map.of(), Instant.EPOCH);

    public TunnelInputs {
        paths = paths == null ? List.of() : List.copyOf(paths);
        current = current == null ? Map.of() : Map.copyOf(current);
        if (now == null) {
            throw new IllegalArgumentException("TunnelInputs.now is missing");
        }
    }

    /** The key of {@link #current}: {@code <destination cluster>/<policy>}. */
    public static String key(String destinationCluster, String policy) {
        return destinationCluster + "/" + policy;
    }

    Map<PathKey, PathHealth> byPath() {
        Map<PathKey, PathHealth> byPath = new TreeMap<>();
        paths.forEach(p -> byPath.put(p.path(), p));
        return byPath;
    }
}

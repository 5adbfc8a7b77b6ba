package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders the exporting clusters of a destination into candidates. The first candidate is chosen at random, weighted
 * by ready endpoints, so that load spreads like the endpoints do (MCS: a clusterset IP spreads over every cluster's
 * endpoints). The others follow as fallbacks in export order (oldest first); clusters with no ready endpoint come
 * last, still tried because their count may be stale.
 */
public final class UpstreamSelector {
    private UpstreamSelector() {
    }

    /**
     * @param clusters the exporting clusters, oldest export first
     * @param random a number in [0, 1), passed in so that the choice is reproducible in tests
     */
    public static List<Upstream> order(List<DestinationCluster> clusters, double random) {
        checkRandom(random);
        if (clusters.size() == 1) {
            return List.of(clusters.get(0).upstream());
        }
        List<DestinationCluster> ready = new ArrayList<>();
        List<DestinationCluster> idle = new ArrayList<>();
        clusters.forEach(c -> (c.readyEndpoints() > 0 ? ready : idle).add(c));
        List<Upstream> result = new ArrayList<>();
        if (!ready.isEmpty()) {
            DestinationCluster first = ready.get(weightedIndex(ready, random));
            result.add(first.upstream());
            ready.stream().filter(c -> c != first).forEach(c -> result.add(c.upstream()));
        }
        idle.forEach(c -> result.add(c.upstream()));
        return result;
    }

    static void checkRandom(double random) {
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random is " + random + ", expected a number in [0, 1)");
        }
    }

    private static int weightedIndex(List<DestinationCluster> ready, double random) {
        long total = 0;
        for (DestinationCluster c : ready) {
            total += c.readyEndpoints();
        }
        double target = random * total;
        long cumulative = 0;
        for (int i = 0; i < ready.size(); i++) {
            cumulative += ready.get(i).readyEndpoints();
            if (target < cumulative) {
                return i;
            }
        }
        return ready.size() - 1;
    }
}

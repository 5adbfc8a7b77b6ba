package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders the exporting clusters of a destination into candidates. The first cluster is chosen at random, weighted by
 * ready endpoints, among those that have endpoints and a tunnel that carries traffic, so that load spreads like the
 * endpoints do (MCS: a clusterset IP spreads over every cluster's endpoints). Each cluster contributes its tunnel in
 * use, then its fallback tunnels: a request that fails on a broken tunnel is retried on the same cluster's next one
 * first. The other clusters follow as fallbacks in export order (oldest first); clusters with no ready endpoint come
 * after them, still tried because their count may be stale, and clusters whose every tunnel is down come last.
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
            return clusters.get(0).upstreams();
        }
        List<DestinationCluster> ready = new ArrayList<>();
        List<DestinationCluster> idle = new ArrayList<>();
        List<DestinationCluster> unreachable = new ArrayList<>();
        clusters.forEach(c -> (!c.reachable() ? unreachable : c.readyEndpoints() > 0 ? ready : idle).add(c));
        List<Upstream> result = new ArrayList<>();
        if (!ready.isEmpty()) {
            DestinationCluster first = ready.get(weightedIndex(ready, random));
            result.addAll(first.upstreams());
            ready.stream().filter(c -> c != first).forEach(c -> result.addAll(c.upstreams()));
        }
        idle.forEach(c -> result.addAll(c.upstreams()));
        unreachable.forEach(c -> result.addAll(c.upstreams()));
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

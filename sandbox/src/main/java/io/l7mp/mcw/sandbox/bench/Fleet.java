package io.l7mp.mcw.sandbox.bench;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.sandbox.Sandbox;

/**
 * The simulated clusterset: clusters {@code cluster-2 .. cluster-(N+1)} (the real one is cluster-1), each with
 * the ingress address {@code 127.0.0.<index>} (loopback: nothing here sends traffic, and nothing may leave the
 * machine); services {@code svc-0000 ..} spread round robin over namespaces {@code fleet-00 ..}.
 */
record Fleet(List<String> clusters, List<String> namespaces, Set<String> serviceKeys, Instant created) {
    Fleet(int clusters, int services, int namespaces) {
        this(IntStream.rangeClosed(2, clusters + 1).mapToObj(i -> "cluster-" + i).toList(),
                IntStream.range(0, namespaces)
                        .mapToObj(i -> String.format("%s%02d", FleetBenchmark.NAMESPACE_PREFIX, i)).toList(),
                keys(services, namespaces), Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    Fleet {
        if (clusters.isEmpty() || clusters.size() > 253) {
            throw new IllegalArgumentException("--clusters is " + clusters.size() + ", expected 1 to 253 (each "
                    + "simulated cluster takes an address 127.0.0.2 .. 127.0.0.254)");
        }
        if (namespaces.isEmpty() || serviceKeys.size() < namespaces.size()) {
            throw new IllegalArgumentException("--namespaces is " + namespaces.size() + ", expected 1 to --services ("
                    + serviceKeys.size() + ")");
        }
    }

    private static Set<String> keys(int services, int namespaces) {
        if (services < 1) {
            throw new IllegalArgumentException("--services is " + services + ", expected at least 1");
        }
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < services; i++) {
            keys.add(String.format("%s%02d/svc-%04d", FleetBenchmark.NAMESPACE_PREFIX, i % Math.max(1, namespaces), i));
        }
        return keys;
    }

    /**
     * The export of {@code <namespace>/<name>} by {@code cluster}; the clusters' exports are a second apart, the
     * lowest-numbered the oldest, so KEP-1645's oldest-wins order is the same on every run.
     */
    ExportEvent export(String cluster, String key) {
        String[] parts = key.split("/", 2);
        int index = clusters.indexOf(cluster);
        return FleetPublisher.export(cluster, Sandbox.addressOf(cluster), parts[0], parts[1],
                created.plusSeconds(index));
    }
}

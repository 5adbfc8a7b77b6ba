package io.l7mp.mcw.telemetry.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;

/**
 * Plans which tunnels a cluster probes (DESIGN D5), from the {@code mcw.exports.v1} and {@code mcw.policies.v1}
 * views: for every other cluster that exports at least one service, every distinct tunnel among that cluster's
 * accepted policies (not only those its exports use: failover may move traffic to any of them). A pure function: call
 * it again on every change of either view and diff the result against the tunnels being probed (start new ones, stop
 * and tombstone gone ones, re-aim changed ones).
 * <ul>
 * <li>Address: the destination's ingress address from its exports; when they disagree, the one of its newest export
 * (ties: the greatest {@code namespace/name}), with a notice.</li>
 * <li>Port: the tunnel's port; when its policies name several, the lowest, with a notice.</li>
 * <li>A cluster that exports something but has no accepted policy gets no target, and a notice.</li>
 * </ul>
 * The values' own {@code cluster} fields are used; null values (tombstones not yet removed) are skipped.
 */
public final class ProbeTargets {
    private ProbeTargets() {
    }

    public static ProbePlan plan(String ownCluster, Map<String, ExportEvent> exports,
            Map<String, PolicyEvent> policies) {
        SortedMap<String, List<ExportEvent>> exportsByCluster = byCluster(exports.values(), ExportEvent::cluster);
        SortedMap<String, List<PolicyEvent>> policiesByCluster = byCluster(policies.values(), PolicyEvent::cluster);
        List<ProbeTarget> targets = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        exportsByCluster.forEach((cluster, clusterExports) -> {
            if (!cluster.equals(ownCluster)) {
                targets.addAll(targetsOf(cluster, clusterExports, policiesByCluster.getOrDefault(cluster, List.of()),
                        notices));
            }
        });
        return new ProbePlan(targets, notices);
    }

    private static List<ProbeTarget> targetsOf(String cluster, List<ExportEvent> exports, List<PolicyEvent> policies,
            List<Notice> notices) {
        if (policies.isEmpty()) {
            notices.add(new Notice("cluster " + cluster, "exports " + exports.size() + " service(s) but has no"
                    + " accepted WAN policy: no tunnel to probe"));
            return List.of();
        }
        String address = ingressAddress(cluster, exports, notices);
        List<PolicyEvent> byName = policies.stream().sorted(Comparator.comparing(PolicyEvent::name)).toList();
        SortedMap<String, SortedSet<Integer>> portsByTunnel = new TreeMap<>();
        for (PolicyEvent policy : byName) {
            portsByTunnel.computeIfAbsent(policy.tunnel(), tunnel -> new TreeSet<>()).add(policy.port());
        }
        List<ProbeTarget> targets = new ArrayList<>();
        portsByTunnel.forEach((tunnel, ports) -> {
            if (ports.size() > 1) {
                notices.add(new Notice("cluster " + cluster + " tunnel " + tunnel, "its policies name ports "
                        + joined(ports) + " for the tunnel; probing the lowest, " + ports.first()));
            }
            List<TunnelPolicy> judged = byName.stream()
                    .map(policy -> new TunnelPolicy(policy.name(), policy.sla(), policy.tunnel().equals(tunnel)))
                    .toList();
            targets.add(new ProbeTarget(cluster, tunnel, address, ports.first(), judged));
        });
        return targets;
    }

    private static String ingressAddress(String cluster, List<ExportEvent> exports, List<Notice> notices) {
        ExportEvent newest = exports.stream().max(Comparator.comparing(ExportEvent::exportCreated)
                .thenComparing(ExportEvent::namespace).thenComparing(ExportEvent::name)).orElseThrow();
        SortedSet<String> addresses = exports.stream().map(ExportEvent::ingressAddress)
                .collect(Collectors.toCollection(TreeSet::new));
        if (addresses.size() > 1) {
            notices.add(new Notice("cluster " + cluster, "its exports name " + addresses.size()
                    + " ingress addresses (" + joined(addresses) + "); probing " + newest.ingressAddress()
                    + ", that of its newest export " + newest.namespace() + "/" + newest.name()));
        }
        return newest.ingressAddress();
    }

    private static <T> SortedMap<String, List<T>> byCluster(Collection<T> values, Function<T, String> cluster) {
        return values.stream().filter(Objects::nonNull)
                .collect(Collectors.groupingBy(cluster, TreeMap::new, Collectors.toList()));
    }

    private static String joined(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}

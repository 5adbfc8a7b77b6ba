package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.mcs.AggregatedService;
import io.l7mp.mcw.api.mcs.ClusterBackend;
import io.l7mp.mcw.api.mcs.ServiceAggregator;

/**
 * Every cluster's exports as the route table needs them: merged per service (KEP-1645, {@link ServiceAggregator}),
 * with what each destination needs besides the merge. {@link #next} makes the view of the next set of exports and
 * merges again only the services whose exports changed (ADR 0019): at fleet size (100,000 exports) the merge is most
 * of a table's cost, and a change touches one service.
 */
final class ExportView {
    static final ExportView EMPTY = new ExportView(Map.of(), new TreeMap<>(), Set.of());

    private final Map<GroupKey, ServicePlan> byGroup;
    private final SortedMap<String, ServicePlan> services;
    private final Set<String> clusters;

    private ExportView(Map<GroupKey, ServicePlan> byGroup, SortedMap<String, ServicePlan> services,
            Set<String> clusters) {
        this.byGroup = byGroup;
        this.services = Collections.unmodifiableSortedMap(services);
        this.clusters = Collections.unmodifiableSet(clusters);
    }

    /** The view of {@code exports}, every service merged. */
    static ExportView of(Collection<ExportEvent> exports) {
        return EMPTY.next(exports);
    }

    /**
     * The view of {@code exports}, taking the plan of every service whose exports are equal to this view's from this
     * view.
     *
     * @throws IllegalArgumentException when a cluster exports one service twice, as {@link ServiceAggregator} does
     */
    ExportView next(Collection<ExportEvent> exports) {
        Map<GroupKey, Map<String, ExportEvent>> groups = new HashMap<>();
        Set<String> exporting = new HashSet<>();
        for (ExportEvent e : exports) {
            Map<String, ExportEvent> group = groups.computeIfAbsent(new GroupKey(e.namespace(), e.name()),
                    k -> new HashMap<>());
            if (group.putIfAbsent(e.cluster(), e) != null) {
                ServiceAggregator.aggregateAll(exports); // says which cluster exports what twice
                throw new IllegalStateException("cluster " + e.cluster() + " exports " + e.namespace() + "/" + e.name()
                        + " twice");
            }
            exporting.add(e.cluster());
        }
        Map<GroupKey, ServicePlan> plans = new HashMap<>();
        TreeMap<String, ServicePlan> sorted = new TreeMap<>();
        groups.forEach((key, group) -> {
            ServicePlan before = byGroup.get(key);
            ServicePlan plan = before != null && before.sameExports(group) ? before : ServicePlan.of(group);
            plans.put(key, plan);
            sorted.put(plan.mergeKey(), plan);
        });
        return new ExportView(plans, sorted, exporting);
    }

    /** Per service, keyed {@code namespace/name} and sorted so, as {@link ServiceAggregator#aggregateAll} is. */
    SortedMap<String, ServicePlan> services() {
        return services;
    }

    /** The clusters with an export. */
    Set<String> clusters() {
        return clusters;
    }

    /**
     * The merged exports of one service, with what its destinations need: per exporting cluster (in the merge's order,
     * oldest first) the key of its tunnel choice and the ports it exports itself.
     */
    record ServicePlan(String mergeKey, ServiceKey key, AggregatedService merged, List<String> choiceKeys,
            List<List<Integer>> ports, Map<String, ExportEvent> byCluster) {

        static ServicePlan of(Map<String, ExportEvent> byCluster) {
            AggregatedService merged = ServiceAggregator.aggregate(byCluster.values()).orElseThrow();
            ServiceKey key = new ServiceKey(merged.namespace(), merged.name());
            List<String> choiceKeys = new ArrayList<>(merged.clusters().size());
            List<List<Integer>> ports = new ArrayList<>(merged.clusters().size());
            for (ClusterBackend c : merged.clusters()) {
                choiceKeys.add(TunnelInputs.key(c.cluster(), c.policy().name()));
                ports.add(List.copyOf(byCluster.get(c.cluster()).ports().stream().map(ExportPort::port).sorted().toList()));
            }
            return new ServicePlan(merged.namespace() + "/" + merged.name(), key, merged, List.copyOf(choiceKeys),
                    List.copyOf(ports), Map.copyOf(byCluster));
        }

        /** Whether {@code group} holds the same exports: the same object, mostly, since the topic view keeps them. */
        boolean sameExports(Map<String, ExportEvent> group) {
            if (group.size() != byCluster.size()) {
                return false;
            }
            for (ExportEvent e : group.values()) {
                ExportEvent before = byCluster.get(e.cluster());
                if (before != e && !e.equals(before)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A service's namespace and name, without the label checks of {@link ServiceKey}: one is made per export. */
    private record GroupKey(String namespace, String name) {
        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey k && name.equals(k.name) && namespace.equals(k.namespace);
        }

        @Override
        public int hashCode() {
            return namespace.hashCode() * 31 + name.hashCode();
        }
    }
}

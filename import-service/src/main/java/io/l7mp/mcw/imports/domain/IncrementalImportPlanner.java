package io.l7mp.mcw.imports.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.mcs.AggregatedService;
import io.l7mp.mcw.api.mcs.ClusterBackend;
import io.l7mp.mcw.api.mcs.ServiceAggregator;

/**
 * The plan of {@link ImportPlanner#plan}, recomputed only for the services whose inputs changed since the previous
 * call (issue 14: at 100,000 exports, a full pass per change is too slow). {@link ImportPlanner#plan} stays the
 * reference: for every sequence of inputs, {@link #plan} returns what it returns for the last one
 * ({@code IncrementalImportPlannerPropertyTest}).
 *
 * <p>
 * It finds what changed itself, by comparing the input with the previous one (unchanged exports are expected to be
 * the same instances, as the topic view holds them; anything else only costs time): a service (namespace/name) is
 * planned again when its exports, static import, namespace, recorded egress ports, ServiceImport or derived-Service
 * name owner, derived-Service clusterIP or imports-topic event changed, when its egress port allocation changed
 * ({@link IncrementalPortAllocator}), or when the tunnels to one of its exporting clusters changed. The egress
 * gateway's endpoints go into every service; when they change, every service is planned again, and when the
 * configuration changes, everything is computed from scratch. Comparing costs time in proportion to the number of
 * exports; the planning itself, in proportion to what changed.
 *
 * <p>
 * Holds the previous plan's parts: one instance per reconcile loop, not thread-safe. When planning throws, the state
 * is dropped and the next call starts from scratch.
 */
public final class IncrementalImportPlanner {
    /** Beyond this many replaced exports, the exports are compared as sets rather than position by position. */
    private static final int MAX_REPLACED = 64;
    private PlannerInput previous;
    private EgressEndpoints egress;
    private IncrementalPortAllocator ports;
    private Map<ExportEvent, String> exportKeys = new IdentityHashMap<>();
    private final Map<String, List<ExportEvent>> busExports = new HashMap<>();
    private final Map<String, ServiceRef> pinnedRefs = new HashMap<>();
    private final Map<String, Planned> services = new HashMap<>();
    private final Map<ServiceRef, Set<String>> byDerivedService = new HashMap<>();
    private final TreeMap<String, PlanFragment> fragments = new TreeMap<>();
    private final TreeMap<ServiceRef, PlanFragment> unusable = new TreeMap<>();
    private final TreeMap<String, ImportState> states = new TreeMap<>();
    private final TreeSet<String> tombstones = new TreeSet<>();
    private int planned;

    /** A service of the previous input: exported on the bus, or a static import, or both. */
    private record Planned(ServiceRef ref, AggregatedService service, PinnedImport pinned) {
    }

    /** The services to plan again: those whose own inputs changed, and those of which only the plan's words did. */
    private record Affected(Set<String> regrouped, Set<String> replanned) {
        Affected() {
            this(new HashSet<>(), new HashSet<>());
        }
    }

    /** The plan {@link ImportPlanner#plan} gives for {@code in}. */
    public ImportPlan plan(PlannerInput in) {
        try {
            return update(in);
        } catch (RuntimeException e) {
            previous = null;
            throw e;
        }
    }

    /** How many services the last call planned (for tests and measurements). */
    int plannedLastTime() {
        return planned;
    }

    /** How many imports' egress ports depend on the others' (for measurements; none in a steady state). */
    int unsettledCount() {
        return ports == null ? 0 : ports.unsettledCount();
    }

    private ImportPlan update(PlannerInput in) {
        if (previous == null || !previous.config().equals(in.config())) {
            reset(in.config());
        }
        Affected affected = new Affected();
        compareExports(in.exports(), affected.regrouped());
        compareServiceInputs(previous, in, affected);
        Set<ServiceRef> touched = new HashSet<>();
        Map<String, ServiceRef> gone = new HashMap<>();
        affected.regrouped().forEach(key -> regroup(in, key, touched, gone));
        ports.reallocate(touched).forEach(ref -> affected.replanned().add(ref.toString()));
        compareOutputInputs(previous, in, affected);
        affected.replanned().addAll(affected.regrouped());
        affected.replanned().forEach(key -> replan(in, key, gone));
        planned = affected.replanned().size();
        previous = in;
        return assemble();
    }

    private void reset(ImportConfig config) {
        previous = new PlannerInput(config, List.of(), Set.of(), Map.of(), Map.of(), Set.of(), Map.of(), List.of(),
                WanReports.NONE, Map.of());
        egress = null;
        ports = new IncrementalPortAllocator(config.egressPorts());
        exportKeys = new IdentityHashMap<>();
        busExports.clear();
        pinnedRefs.clear();
        services.clear();
        byDerivedService.clear();
        fragments.clear();
        unusable.clear();
        states.clear();
        tombstones.clear();
    }

    /** Brings the exports of each service up to date; the services whose exports changed go to {@code regrouped}. */
    private void compareExports(List<ExportEvent> exports, Set<String> regrouped) {
        List<Integer> replaced = replacedPositions(previous.exports(), exports);
        if (replaced != null) {
            replaced.forEach(i -> removeExport(previous.exports().get(i), regrouped));
            for (int i : replaced) {
                ExportEvent e = exports.get(i);
                if (exportKeys.containsKey(e)) {
                    throw new IllegalArgumentException("export " + e.key() + " is listed twice, expected once");
                }
                exportKeys.put(e, addExport(e, regrouped));
            }
            return;
        }
        Map<ExportEvent, String> now = new IdentityHashMap<>(exports.size() * 4 / 3 + 1);
        for (ExportEvent e : exports) {
            String key = exportKeys.get(e);
            if (now.put(e, key == null ? addExport(e, regrouped) : key) != null) {
                throw new IllegalArgumentException("export " + e.key() + " is listed twice, expected once");
            }
        }
        exportKeys.keySet().stream().filter(e -> !now.containsKey(e)).toList()
                .forEach(e -> removeExport(e, regrouped));
        exportKeys = now;
    }

    private String addExport(ExportEvent e, Set<String> regrouped) {
        String key = e.namespace() + "/" + e.name();
        busExports.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
        regrouped.add(key);
        return key;
    }

    private void removeExport(ExportEvent e, Set<String> regrouped) {
        String key = exportKeys.remove(e);
        List<ExportEvent> group = busExports.get(key);
        group.removeIf(x -> x == e);
        if (group.isEmpty()) {
            busExports.remove(key);
        }
        regrouped.add(key);
    }

    /** The per-service inputs that can change what is imported and which egress ports it needs. */
    private void compareServiceInputs(PlannerInput before, PlannerInput in, Affected affected) {
        Set<String> regrouped = affected.regrouped();
        if (before.pinned() != in.pinned()) {
            diff(before.pinned(), in.pinned(), ref -> regrouped.add(ref.toString()));
            pinnedRefs.clear();
            in.pinned().keySet().forEach(ref -> pinnedRefs.put(ref.toString(), ref));
        }
        Set<String> namespaces = new HashSet<>();
        diff(before.namespaces(), in.namespaces(), namespaces::add);
        if (!namespaces.isEmpty()) {
            services.forEach((key, s) -> {
                if (namespaces.contains(s.ref().namespace())) {
                    regrouped.add(key);
                }
            });
        }
        diff(before.allocations(), in.allocations(), ref -> regrouped.add(ref.toString()));
        diff(before.foreign(), in.foreign(), ref -> {
            if (ref.kind() == ObjectRef.Kind.SERVICE_IMPORT) {
                regrouped.add(ref.namespace() + "/" + ref.name());
            } else {
                affected.replanned().addAll(
                        byDerivedService.getOrDefault(new ServiceRef(ref.namespace(), ref.name()), Set.of()));
            }
        });
    }

    /** The inputs that change only how a service's objects and events read, not what it imports. */
    private void compareOutputInputs(PlannerInput before, PlannerInput in, Affected affected) {
        Set<String> replanned = affected.replanned();
        diff(before.clusterIps(), in.clusterIps(),
                ref -> replanned.addAll(byDerivedService.getOrDefault(ref, Set.of())));
        String prefix = in.config().cluster() + "/";
        diff(before.published(), in.published(), key -> {
            if (key.startsWith(prefix)) {
                replanned.add(key.substring(prefix.length()));
            }
        });
        EgressEndpoints resolved = EgressEndpoints.resolve(in.config().egress(), in.egressPods());
        if (!resolved.equals(egress)) {
            egress = resolved;
            replanned.addAll(services.keySet());
        }
        if (before.wan().gatewayReported() != in.wan().gatewayReported()) {
            replanned.addAll(services.keySet());
            return;
        }
        Set<String> destinations = WanChanges.destinations(before.wan(), in.wan());
        if (!destinations.isEmpty()) {
            services.forEach((key, s) -> {
                if (s.service() != null && s.service().clusters().stream().map(ClusterBackend::cluster)
                        .anyMatch(destinations::contains)) {
                    replanned.add(key);
                }
            });
        }
    }

    /** Aggregates the exports of one service again and tells the port allocator what it requests now. */
    private void regroup(PlannerInput in, String key, Set<ServiceRef> touched, Map<String, ServiceRef> gone) {
        List<ExportEvent> group = busExports.getOrDefault(key, List.of());
        Planned before = services.get(key);
        ServiceRef ref = !group.isEmpty() ? new ServiceRef(group.get(0).namespace(), group.get(0).name())
                : pinnedRefs.containsKey(key) ? pinnedRefs.get(key) : before == null ? null : before.ref();
        if (ref == null) {
            return;
        }
        PinnedImport pinned = in.pinned().get(ref);
        if (pinned != null) {
            group = pinned.usable() ? List.of(pinned.export()) : List.of();
        }
        AggregatedService service = ServiceAggregator.aggregate(group).orElse(null);
        boolean requested = service != null && in.namespaces().contains(ref.namespace()) && !in.foreign()
                .contains(new ObjectRef(ObjectRef.Kind.SERVICE_IMPORT, ref.namespace(), ref.name()));
        ports.update(ref, requested ? service.ports().stream().map(ImportPort::of).toList() : null,
                in.allocations().get(ref), touched);
        ServiceRef derived = new ServiceRef(ref.namespace(), DerivedNames.service(ref.name()));
        if (service == null && pinned == null) {
            services.remove(key);
            gone.put(key, ref);
            Set<String> keys = byDerivedService.get(derived);
            if (keys != null && keys.remove(key) && keys.isEmpty()) {
                byDerivedService.remove(derived);
            }
        } else {
            services.put(key, new Planned(ref, service, pinned));
            byDerivedService.computeIfAbsent(derived, d -> new HashSet<>(1)).add(key);
        }
    }

    /** Plans one service again: its part of the plan, its state and whether its key on the topic is a tombstone. */
    private void replan(PlannerInput in, String key, Map<String, ServiceRef> gone) {
        PlanFragment before = fragments.remove(key);
        if (before != null) {
            states.keySet().removeAll(before.states().keySet());
        }
        Planned now = services.get(key);
        ServiceRef ref = now != null ? now.ref() : gone.get(key);
        if (ref != null) {
            unusable.remove(ref);
        }
        if (now != null && now.service() != null) {
            PlanFragment fragment = ImportPlanner.planFragment(in, now.service(), ports.allocation(now.ref()), egress);
            fragments.put(key, fragment);
            states.putAll(fragment.states());
        } else if (now != null && now.pinned() != null && !now.pinned().usable()) {
            unusable.put(ref, ImportPlanner.unusableFragment(in, now.pinned(), egress));
        }
        String eventKey = in.config().cluster() + "/" + key;
        if (in.published().containsKey(eventKey) && !states.containsKey(eventKey)) {
            tombstones.add(eventKey);
        } else {
            tombstones.remove(eventKey);
        }
    }

    /** The services' parts in the order {@link ImportPlanner#plan} walks them. */
    private ImportPlan assemble() {
        List<DesiredImport> imports = new ArrayList<>(fragments.size());
        List<DesiredImport> pinned = new ArrayList<>();
        List<DesiredService> derived = new ArrayList<>(fragments.size());
        List<DesiredEndpointSlice> slices = new ArrayList<>(fragments.size());
        List<ImportEvent> publish = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (PlanFragment f : fragments.values()) {
            imports.addAll(f.imports());
            pinned.addAll(f.pinned());
            derived.addAll(f.services());
            slices.addAll(f.endpointSlices());
            publish.addAll(f.publish());
            notices.addAll(f.notices());
        }
        for (PlanFragment f : unusable.values()) {
            pinned.addAll(f.pinned());
            notices.addAll(f.notices());
        }
        return new ImportPlan(imports, derived, slices, states, publish, List.copyOf(tombstones), notices, egress,
                pinned);
    }

    /**
     * The positions where {@code after} holds another object than {@code before}, when they are the same size and
     * differ in a few places (a view whose values were replaced keeps its order); null when they must be compared as
     * sets.
     */
    private static List<Integer> replacedPositions(List<ExportEvent> before, List<ExportEvent> after) {
        if (before == after) {
            return List.of();
        }
        if (before.size() != after.size()) {
            return null;
        }
        List<Integer> replaced = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != after.get(i)) {
                replaced.add(i);
                if (replaced.size() > MAX_REPLACED) {
                    return null;
                }
            }
        }
        return replaced;
    }

    /** Calls {@code changed} with every key that is in one map only, or whose values differ. */
    static <K, V> void diff(Map<K, V> before, Map<K, V> after, Consumer<K> changed) {
        if (before == after) {
            return;
        }
        int added = 0;
        for (Map.Entry<K, V> e : after.entrySet()) {
            V old = before.get(e.getKey());
            if (old == null) {
                added++;
                changed.accept(e.getKey());
            } else if (old != e.getValue() && !old.equals(e.getValue())) {
                changed.accept(e.getKey());
            }
        }
        if (before.size() + added != after.size()) {
            before.keySet().stream().filter(k -> !after.containsKey(k)).forEach(changed);
        }
    }

    /** Calls {@code changed} with every element that is in one set only. */
    static <T> void diff(Set<T> before, Set<T> after, Consumer<T> changed) {
        if (before == after) {
            return;
        }
        int added = 0;
        for (T t : after) {
            if (!before.contains(t)) {
                added++;
                changed.accept(t);
            }
        }
        if (before.size() + added != after.size()) {
            before.stream().filter(t -> !after.contains(t)).forEach(changed);
        }
    }

    /** Which exporting clusters' WAN status inputs changed (whether the gateway reported at all is compared apart). */
    private static final class WanChanges {
        private WanChanges() {
        }

        static Set<String> destinations(WanReports before, WanReports after) {
            if (before.equals(after)) {
                return Set.of();
            }
            Set<String> all = new HashSet<>();
            List.of(before, after).forEach(r -> {
                r.tunnels().forEach(t -> all.add(t.destinationCluster()));
                r.activeTunnels().forEach(a -> all.add(a.destinationCluster()));
            });
            Set<String> changed = new HashSet<>();
            for (String d : all) {
                if (!before.readingsTo(d).equals(after.readingsTo(d)) || !Objects.equals(active(before, d),
                        active(after, d))) {
                    changed.add(d);
                }
            }
            return changed;
        }

        private static List<?> active(WanReports reports, String destination) {
            return reports.activeTunnels().stream().filter(a -> a.destinationCluster().equals(destination)).toList();
        }
    }
}

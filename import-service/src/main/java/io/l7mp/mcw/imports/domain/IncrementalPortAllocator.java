package io.l7mp.mcw.imports.domain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.l7mp.mcw.api.event.EgressPort;

/**
 * The result of {@link EgressPortAllocator#allocate} for every import, kept up to date one import at a time, for
 * {@link IncrementalImportPlanner}.
 *
 * <p>
 * The allocator is global, but most imports do not depend on the others: an import is <em>settled</em> when its
 * recorded egress ports cover every one of its ports, are in the range, and claim slots that no other import's
 * recorded ports claim (nor itself twice). Then the allocator keeps them all and gives it nothing new, whatever the
 * other imports are: its allocation is its recorded ports. Every other import is <em>unsettled</em> (it needs a new
 * port, is short of room, or shares a slot after replicas raced); their allocations depend on each other, on the free
 * slots and on their order, so all of them are recomputed together by the allocator itself, with the settled imports'
 * slots taken. Settled imports claim none of the slots the unsettled ones claim, so the allocator's keep-or-reallocate
 * decisions and its free-slot probing come out exactly as in one call over every import. In a steady state no import
 * is unsettled.
 */
final class IncrementalPortAllocator {
    private final PortRange range;
    private final Map<ServiceRef, Request> requests = new HashMap<>();
    /** Per slot, the imports whose recorded ports claim it (an import twice when it claims it twice). */
    private final List<List<ServiceRef>> claimants;
    private final Set<ServiceRef> unsettled = new TreeSet<>();
    private final Map<ServiceRef, PortAllocation> allocations = new HashMap<>();

    /** An import that should exist: its ports and the egress ports recorded for it, with the slots they claim. */
    private record Request(List<ImportPort> ports, List<EgressPort> recorded, List<Integer> slots) {
    }

    IncrementalPortAllocator(PortRange range) {
        this.range = range;
        this.claimants = new ArrayList<>(range.size());
        for (int i = 0; i < range.size(); i++) {
            claimants.add(null);
        }
    }

    /**
     * Records what one import requests now.
     *
     * @param ports its ports; null when no import of that name should exist
     * @param recorded the egress ports recorded on its ServiceImport, null when none
     * @param touched collects the imports whose allocation may have changed: this one, and those that share a slot
     *        with it before or after
     */
    void update(ServiceRef ref, List<ImportPort> ports, List<EgressPort> recorded, Set<ServiceRef> touched) {
        touched.add(ref);
        Request before = requests.remove(ref);
        if (before != null) {
            before.slots().forEach(slot -> unclaim(slot, ref, touched));
        }
        if (ports == null) {
            return;
        }
        List<EgressPort> egress = recorded == null ? List.of() : recorded;
        List<Integer> slots = new ArrayList<>();
        for (EgressPort port : egress) {
            if (range.contains(port.egressPort()) && ports.stream().anyMatch(p -> p.matches(port))) {
                slots.add(port.egressPort() - range.start());
            }
        }
        Request now = new Request(ports, egress, slots);
        requests.put(ref, now);
        slots.forEach(slot -> claim(slot, ref, touched));
    }

    /**
     * Brings the allocations of {@code touched} and of every unsettled import up to date.
     *
     * @return the imports whose allocation changed
     */
    Set<ServiceRef> reallocate(Set<ServiceRef> touched) {
        Set<ServiceRef> changed = new HashSet<>();
        for (ServiceRef ref : touched) {
            Request request = requests.get(ref);
            if (request == null) {
                unsettled.remove(ref);
                if (allocations.remove(ref) != null) {
                    changed.add(ref);
                }
            } else if (settled(request)) {
                unsettled.remove(ref);
                put(ref, own(ref, request), changed);
            } else {
                unsettled.add(ref);
            }
        }
        if (!touched.isEmpty() && !unsettled.isEmpty()) {
            allocateUnsettled().forEach((ref, allocation) -> put(ref, allocation, changed));
        }
        return changed;
    }

    /** The allocation of an import that should exist. */
    PortAllocation allocation(ServiceRef ref) {
        return allocations.get(ref);
    }

    /** How many imports depend on others' allocations (none in a steady state). */
    int unsettledCount() {
        return unsettled.size();
    }

    private void put(ServiceRef ref, PortAllocation allocation, Set<ServiceRef> changed) {
        if (!Objects.equals(allocations.put(ref, allocation), allocation)) {
            changed.add(ref);
        }
    }

    /** Whether the allocator keeps every recorded port of the import and gives it nothing new, whatever the others. */
    private boolean settled(Request request) {
        Map<ImportPort, Integer> kept = new HashMap<>();
        int claim = 0;
        for (EgressPort port : request.recorded()) {
            Optional<ImportPort> wanted = request.ports().stream().filter(p -> p.matches(port)).findFirst();
            if (wanted.isEmpty() || !range.contains(port.egressPort())) {
                continue;
            }
            int slot = request.slots().get(claim++);
            if (kept.containsKey(wanted.get()) || claimants.get(slot).size() != 1) {
                return false;
            }
            kept.put(wanted.get(), slot);
        }
        return kept.keySet().containsAll(request.ports());
    }

    /** What the allocator gives a settled import: its recorded ports. */
    private PortAllocation own(ServiceRef ref, Request request) {
        return EgressPortAllocator.allocate(range, Map.of(ref, request.recorded()), Map.of(ref, request.ports()))
                .get(ref);
    }

    private Map<ServiceRef, PortAllocation> allocateUnsettled() {
        BitSet taken = new BitSet(range.size());
        for (int slot = 0; slot < range.size(); slot++) {
            List<ServiceRef> refs = claimants.get(slot);
            if (refs != null && !refs.isEmpty() && !unsettled.contains(refs.get(0))) {
                taken.set(slot);
            }
        }
        Map<ServiceRef, List<EgressPort>> recorded = new TreeMap<>();
        Map<ServiceRef, List<ImportPort>> ports = new LinkedHashMap<>();
        for (ServiceRef ref : unsettled) {
            Request request = requests.get(ref);
            recorded.put(ref, request.recorded());
            ports.put(ref, request.ports());
        }
        return EgressPortAllocator.allocate(range, recorded, ports, taken);
    }

    private void claim(int slot, ServiceRef ref, Set<ServiceRef> touched) {
        List<ServiceRef> refs = claimants.get(slot);
        if (refs == null) {
            refs = new ArrayList<>(1);
            claimants.set(slot, refs);
        }
        touched.addAll(refs);
        refs.add(ref);
    }

    private void unclaim(int slot, ServiceRef ref, Set<ServiceRef> touched) {
        List<ServiceRef> refs = claimants.get(slot);
        refs.remove(ref);
        touched.addAll(refs);
        if (refs.isEmpty()) {
            claimants.set(slot, null);
        }
    }
}

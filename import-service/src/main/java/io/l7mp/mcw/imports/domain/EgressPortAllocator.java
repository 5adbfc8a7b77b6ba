package io.l7mp.mcw.imports.domain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import io.l7mp.mcw.api.event.EgressPort;

/**
 * Hands out egress gateway ports, one per imported service port, so that every replica and every restart of the
 * import-service agrees without talking to the others.
 *
 * <ul>
 * <li>an allocation already recorded on a ServiceImport is kept for as long as the port is imported (and in the
 * range): the gateway's listeners and the derived Services never move;</li>
 * <li>a new port first tries a preferred slot that depends only on its identity (hash of
 * namespace/name/port name/protocol/port), then the next free slots in order: two replicas that compute at the
 * same time pick the same port;</li>
 * <li>everything is processed in sorted order, so the result depends only on the inputs, not on map order;</li>
 * <li>ports of imports that are no longer requested are free again.</li>
 * </ul>
 */
public final class EgressPortAllocator {
    private EgressPortAllocator() {
    }

    /**
     * @param existing the allocations recorded on existing ServiceImports
     * @param requests the ports of every import that should exist now
     * @return one allocation per request, sorted by import
     */
    public static Map<ServiceRef, PortAllocation> allocate(PortRange range, Map<ServiceRef, List<EgressPort>> existing,
            Map<ServiceRef, List<ImportPort>> requests) {
        return allocate(range, existing, requests, new BitSet(range.size()));
    }

    /**
     * The same for some of the imports, the others' ports being {@code taken} (slots, from 0 at the range start):
     * {@link IncrementalImportPlanner} gives the imports whose recorded ports nobody else claims theirs, and lets this
     * allocate the rest exactly as a call with every import would.
     */
    static Map<ServiceRef, PortAllocation> allocate(PortRange range, Map<ServiceRef, List<EgressPort>> existing,
            Map<ServiceRef, List<ImportPort>> requests, BitSet taken) {
        Map<ServiceRef, List<ImportPort>> sorted = new TreeMap<>(requests);
        BitSet used = (BitSet) taken.clone();
        Map<ServiceRef, Map<ImportPort, Integer>> kept = keepExisting(range, new TreeMap<>(existing), sorted, used);
        Map<ServiceRef, PortAllocation> result = new LinkedHashMap<>();
        sorted.forEach((ref, ports) -> result.put(ref,
                allocateNew(range, ref, ports, kept.getOrDefault(ref, Map.of()), used)));
        return result;
    }

    /** The slot a new port tries first; stable across JVMs and releases (CRC-32 of its identity). */
    static int preferredSlot(PortRange range, ServiceRef ref, ImportPort port) {
        CRC32 crc = new CRC32();
        crc.update((ref + "/" + port.id()).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % range.size());
    }

    private static Map<ServiceRef, Map<ImportPort, Integer>> keepExisting(PortRange range,
            Map<ServiceRef, List<EgressPort>> existing, Map<ServiceRef, List<ImportPort>> requests, BitSet used) {
        Map<ServiceRef, Map<ImportPort, Integer>> kept = new TreeMap<>();
        existing.forEach((ref, allocations) -> {
            List<ImportPort> wanted = requests.get(ref);
            if (wanted == null) {
                return;
            }
            Map<ImportPort, Integer> ports = new LinkedHashMap<>();
            for (EgressPort allocation : allocations) {
                int slot = allocation.egressPort() - range.start();
                Optional<ImportPort> port = wanted.stream().filter(p -> p.matches(allocation)).findFirst();
                // out of range after a configuration change, or claimed twice (replicas that raced): reallocate
                if (port.isPresent() && !ports.containsKey(port.get()) && range.contains(allocation.egressPort())
                        && !used.get(slot)) {
                    used.set(slot);
                    ports.put(port.get(), allocation.egressPort());
                }
            }
            kept.put(ref, ports);
        });
        return kept;
    }

    private static PortAllocation allocateNew(PortRange range, ServiceRef ref, List<ImportPort> ports,
            Map<ImportPort, Integer> kept, BitSet used) {
        List<ImportPort> missing = ports.stream().filter(p -> !kept.containsKey(p)).distinct().toList();
        int free = range.size() - used.cardinality();
        if (missing.size() > free) {
            return new PortAllocation.Exhausted(egressPorts(ports, kept, Map.of()), "egress port range " + range
                    + " (mcw.import.egress-port-range-start/-end) is exhausted: import " + ref + " needs "
                    + missing.size() + " new port(s) (" + missing.stream().map(ImportPort::id).collect(
                            Collectors.joining(", "))
                    + ") but " + free + " of " + range.size() + " are free; widen the range or remove imports");
        }
        Map<ImportPort, Integer> taken = new LinkedHashMap<>();
        for (ImportPort port : missing) {
            int slot = probe(range, used, preferredSlot(range, ref, port));
            used.set(slot);
            taken.put(port, range.start() + slot);
        }
        return new PortAllocation.Allocated(egressPorts(ports, kept, taken));
    }

    /** The first free slot from {@code preferred} on, wrapping around; the caller checked that one is free. */
    private static int probe(PortRange range, BitSet used, int preferred) {
        int slot = used.nextClearBit(preferred);
        return slot < range.size() ? slot : used.nextClearBit(0);
    }

    private static List<EgressPort> egressPorts(List<ImportPort> ports, Map<ImportPort, Integer> kept,
            Map<ImportPort, Integer> taken) {
        List<EgressPort> result = new ArrayList<>();
        for (ImportPort port : ports) {
            Integer egress = kept.containsKey(port) ? kept.get(port) : taken.get(port);
            if (egress != null && result.stream().noneMatch(port::matches)) {
                result.add(new EgressPort(port.name(), port.protocol(), port.port(), egress));
            }
        }
        return result;
    }
}

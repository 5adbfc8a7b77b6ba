package io.l7mp.mcw.api.mcs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;

/**
 * The ports half of the KEP-1645 merge. The ServiceImport gets the union of the carried ports, oldest export first: a
 * name, or a number and protocol, that an older export already brought keeps the older definition. Whole Services are
 * compared, refused ports included: any port name that is not defined the same in every exporting cluster (another
 * number, protocol or appProtocol, or missing somewhere) is a {@link ConflictReason#PortConflict} ("the ports are not
 * identical in all the constituent Services", MCS API v1beta1), reported with what the ServiceImport got instead.
 */
final class PortMerge {
    private PortMerge() {
    }

    /**
     * @param ordered the exports, oldest first
     * @return the union of the carried ports; a {@code PortConflict} is added to {@code conflicts} when they differ
     */
    static List<ExportPort> merge(List<ExportEvent> ordered, List<ExportConflict> conflicts) {
        List<ExportPort> union = union(ordered);
        List<String> messages = new ArrayList<>();
        Set<String> involved = new LinkedHashSet<>();
        byName(ordered).forEach((name, perCluster) -> {
            if (perCluster.size() == ordered.size() && Set.copyOf(perCluster.values()).size() == 1) {
                return;
            }
            Optional<ExportPort> imported = union.stream().filter(p -> nameOf(p).equals(name)).findFirst();
            ExportPort reference = imported.orElse(perCluster.values().iterator().next());
            // the oldest cluster with the definition that counts first, then every cluster that differs from it
            perCluster.entrySet().stream().filter(c -> c.getValue().equals(reference)).findFirst()
                    .ifPresent(c -> involved.add(c.getKey()));
            for (ExportEvent e : ordered) {
                if (!reference.equals(perCluster.get(e.cluster()))) {
                    involved.add(e.cluster());
                }
            }
            messages.add(label(name) + ": " + holders(ordered, perCluster) + "; " + outcome(imported, perCluster, union));
        });
        if (!messages.isEmpty()) {
            conflicts.add(new ExportConflict(ConflictReason.PortConflict, String.join("; ", messages),
                    List.copyOf(involved)));
        }
        return union;
    }

    private static List<ExportPort> union(List<ExportEvent> ordered) {
        Map<String, ExportPort> byName = new LinkedHashMap<>();
        for (ExportEvent e : ordered) {
            for (ExportPort p : e.ports()) {
                boolean numberTaken = byName.values().stream().anyMatch(q -> sameNumber(p, q));
                if (p.carried() && !byName.containsKey(nameOf(p)) && !numberTaken) {
                    byName.put(nameOf(p), p);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** Every port name of every Service, carried or not, with each cluster's definition, oldest cluster first. */
    private static Map<String, Map<String, ExportPort>> byName(List<ExportEvent> ordered) {
        Map<String, Map<String, ExportPort>> byName = new LinkedHashMap<>();
        for (ExportEvent e : ordered) {
            Stream.concat(e.ports().stream(), e.refusedPorts().stream()).forEach(p -> byName
                    .computeIfAbsent(nameOf(p), n -> new LinkedHashMap<>()).putIfAbsent(e.cluster(), p));
        }
        return byName;
    }

    /** "cluster-1 has 8080/TCP, cluster-2 has 8081/TCP, cluster-3 has none". */
    private static String holders(List<ExportEvent> ordered, Map<String, ExportPort> perCluster) {
        List<String> parts = new ArrayList<>();
        for (ExportEvent e : ordered) {
            ExportPort p = perCluster.get(e.cluster());
            parts.add(e.cluster() + " has " + (p == null ? "none" : definition(p)));
        }
        return String.join(", ", parts);
    }

    private static String outcome(Optional<ExportPort> imported, Map<String, ExportPort> perCluster,
            List<ExportPort> union) {
        if (imported.isPresent()) {
            return "imported as " + definition(imported.get());
        }
        Optional<ExportPort> carried = perCluster.values().stream().filter(ExportPort::carried).findFirst();
        if (carried.isPresent()) {
            ExportPort owner = union.stream().filter(q -> sameNumber(carried.get(), q)).findFirst().orElseThrow();
            return "not imported: " + carried.get().port() + "/" + carried.get().protocol() + " is imported as "
                    + label(nameOf(owner));
        }
        List<String> protocols = perCluster.values().stream().map(ExportPort::protocol).distinct().sorted().toList();
        return "not imported: MCW does not carry " + String.join(" or ", protocols) + " across the WAN";
    }

    private static boolean sameNumber(ExportPort a, ExportPort b) {
        return a.port() == b.port() && Objects.equals(a.protocol(), b.protocol());
    }

    private static String nameOf(ExportPort p) {
        return p.name() == null ? "" : p.name();
    }

    private static String label(String name) {
        return name.isEmpty() ? "the unnamed port" : "port '" + name + "'";
    }

    private static String definition(ExportPort p) {
        return p.port() + "/" + p.protocol() + (p.appProtocol() == null ? "" : " (" + p.appProtocol() + ")");
    }
}

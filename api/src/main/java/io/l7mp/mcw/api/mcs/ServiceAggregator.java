package io.l7mp.mcw.api.mcs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;

/**
 * The KEP-1645 merge rules, shared by the export-service (Conflict condition) and the
 * import-service (ServiceImport), so that both always agree. Pure and deterministic: the
 * result depends only on the set of exports, not on the order they arrived in.
 *
 * <ul>
 * <li>the oldest export (creation time, then cluster name) wins every conflicting property;</li>
 * <li>ports are merged as a union; a port name used for different (port, protocol, appProtocol),
 * or one (port, protocol) under two names, keeps the oldest definition;</li>
 * <li>every cluster still contributes its endpoints, whatever it conflicts on.</li>
 * </ul>
 */
public final class ServiceAggregator {
    private static final Comparator<ExportEvent> OLDEST_FIRST = Comparator.comparing(ExportEvent::exportCreated)
            .thenComparing(ExportEvent::cluster);

    private ServiceAggregator() {
    }

    /** Groups exports by namespace/name and merges each group; keys are {@code namespace/name}, sorted. */
    public static Map<String, AggregatedService> aggregateAll(Collection<ExportEvent> exports) {
        Map<String, List<ExportEvent>> byService = exports.stream()
                .collect(Collectors.groupingBy(e -> e.namespace() + "/" + e.name(), TreeMap::new, Collectors.toList()));
        Map<String, AggregatedService> result = new LinkedHashMap<>();
        byService.forEach((key, group) -> aggregate(group).ifPresent(s -> result.put(key, s)));
        return result;
    }

    /**
     * Merges the exports of one service.
     *
     * @throws IllegalArgumentException when the exports name different services or one cluster twice
     */
    public static Optional<AggregatedService> aggregate(Collection<ExportEvent> exports) {
        if (exports.isEmpty()) {
            return Optional.empty();
        }
        List<ExportEvent> ordered = exports.stream().sorted(OLDEST_FIRST).toList();
        ExportEvent oldest = ordered.get(0);
        checkSameService(ordered, oldest);

        List<ExportConflict> conflicts = new ArrayList<>();
        propertyConflict(ordered, ExportEvent::type, ConflictReason.TypeConflict, "type").ifPresent(conflicts::add);
        propertyConflict(ordered, ExportEvent::sessionAffinity, ConflictReason.SessionAffinityConflict,
                "sessionAffinity").ifPresent(conflicts::add);
        List<ExportPort> ports = mergePorts(ordered, conflicts);
        policyConflict(ordered).ifPresent(conflicts::add);

        List<ClusterBackend> clusters = ordered.stream()
                .map(e -> new ClusterBackend(e.cluster(), e.ingressAddress(), e.policy(), e.readyEndpoints(),
                        e.exportCreated()))
                .toList();
        return Optional.of(new AggregatedService(oldest.namespace(), oldest.name(), oldest.type(),
                oldest.sessionAffinity(), ports, oldest.policy(), clusters, conflicts));
    }

    private static void checkSameService(List<ExportEvent> ordered, ExportEvent oldest) {
        Map<String, Long> perCluster = new TreeMap<>();
        for (ExportEvent e : ordered) {
            if (!e.namespace().equals(oldest.namespace()) || !e.name().equals(oldest.name())) {
                throw new IllegalArgumentException("cannot aggregate " + e.key() + " with " + oldest.key()
                        + ": exports of different services");
            }
            perCluster.merge(e.cluster(), 1L, Long::sum);
        }
        perCluster.forEach((cluster, n) -> {
            if (n > 1) {
                throw new IllegalArgumentException("cluster " + cluster + " exports " + oldest.namespace() + "/"
                        + oldest.name() + " " + n + " times, expected once");
            }
        });
    }

    private static Optional<ExportConflict> propertyConflict(List<ExportEvent> ordered,
            Function<ExportEvent, String> property, ConflictReason reason, String field) {
        ExportEvent oldest = ordered.get(0);
        String winner = property.apply(oldest);
        List<ExportEvent> losers = ordered.stream().filter(e -> !Objects.equals(property.apply(e), winner)).toList();
        if (losers.isEmpty()) {
            return Optional.empty();
        }
        String others = losers.stream().map(e -> e.cluster() + " exports " + property.apply(e))
                .collect(Collectors.joining(", "));
        String message = field + " conflict: " + oldest.cluster() + " (oldest export) has " + winner + ", " + others
                + "; using " + winner;
        return Optional.of(new ExportConflict(reason, message, involved(oldest, losers)));
    }

    private static List<ExportPort> mergePorts(List<ExportEvent> ordered, List<ExportConflict> conflicts) {
        Map<String, ExportPort> byName = new LinkedHashMap<>();
        Map<String, String> ownerByName = new LinkedHashMap<>();
        List<String> messages = new ArrayList<>();
        List<String> involved = new ArrayList<>();
        for (ExportEvent e : ordered) {
            for (ExportPort p : e.ports()) {
                String name = p.name() == null ? "" : p.name();
                ExportPort existing = byName.get(name);
                ExportPort sameNumber = byName.values().stream()
                        .filter(q -> q.port() == p.port() && q.protocol().equals(p.protocol())).findFirst().orElse(null);
                if (existing == null && sameNumber == null) {
                    byName.put(name, p);
                    ownerByName.put(name, e.cluster());
                } else if (existing != null && !existing.equals(p)) {
                    messages.add("port '" + name + "': " + e.cluster() + " exports " + describe(p) + ", "
                            + ownerByName.get(name) + " (older) exports " + describe(existing) + "; using "
                            + describe(existing));
                    addInvolved(involved, ownerByName.get(name), e.cluster());
                } else if (existing == null) {
                    String owner = ownerByName.get(sameNumber.name() == null ? "" : sameNumber.name());
                    messages.add("port " + p.port() + "/" + p.protocol() + ": " + e.cluster() + " names it '" + name
                            + "', " + owner + " (older) names it '" + sameNumber.name() + "'; using '"
                            + sameNumber.name() + "'");
                    addInvolved(involved, owner, e.cluster());
                }
            }
        }
        if (!messages.isEmpty()) {
            conflicts.add(new ExportConflict(ConflictReason.PortConflict, String.join("; ", messages), involved));
        }
        return List.copyOf(byName.values());
    }

    private static Optional<ExportConflict> policyConflict(List<ExportEvent> ordered) {
        ExportEvent oldest = ordered.get(0);
        ExportedPolicy winner = oldest.policy();
        List<ExportEvent> losers = ordered.stream()
                .filter(e -> !e.policy().name().equals(winner.name()) || e.policy().port() != winner.port()
                        || !e.policy().tunnel().equals(winner.tunnel()))
                .toList();
        if (losers.isEmpty()) {
            return Optional.empty();
        }
        String others = losers.stream().map(e -> e.cluster() + " exports it over " + describe(e.policy()))
                .collect(Collectors.joining(", "));
        String message = "WAN policy conflict: " + oldest.cluster() + " (oldest export) exports it over "
                + describe(winner) + ", " + others + "; using " + winner.name();
        return Optional.of(new ExportConflict(ConflictReason.WANPolicyConflict, message, involved(oldest, losers)));
    }

    private static List<String> involved(ExportEvent oldest, List<ExportEvent> losers) {
        List<String> clusters = new ArrayList<>();
        clusters.add(oldest.cluster());
        losers.forEach(e -> clusters.add(e.cluster()));
        return clusters;
    }

    private static void addInvolved(List<String> involved, String... clusters) {
        for (String c : clusters) {
            if (!involved.contains(c)) {
                involved.add(c);
            }
        }
    }

    private static String describe(ExportPort p) {
        return p.port() + "/" + p.protocol() + (p.appProtocol() == null ? "" : " (" + p.appProtocol() + ")");
    }

    private static String describe(ExportedPolicy p) {
        return p.name() + " (tunnel " + p.tunnel() + ", port " + p.port() + ")";
    }
}

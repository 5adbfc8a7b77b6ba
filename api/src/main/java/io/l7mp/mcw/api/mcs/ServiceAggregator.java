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
 * <li>ports are merged as a union of the ports MCW carries ({@link PortMerge}); Services whose ports are not identical
 * in every cluster (refused UDP/SCTP ports included) are a {@code PortConflict};</li>
 * <li>type, sessionAffinity, sessionAffinityConfig, internalTrafficPolicy, trafficDistribution, the exported labels
 * and annotations (MCS API v1beta1, compared as whole maps) and MCW's WAN policy must agree, else a conflict of their
 * own reason;</li>
 * <li>every cluster still contributes its endpoints, whatever it conflicts on.</li>
 * </ul>
 * The conflicts are listed in the order of {@link ConflictReason}.
 */
public final class ServiceAggregator {
    private static final Comparator<ExportEvent> OLDEST_FIRST = Comparator.comparing(ExportEvent::exportCreated)
            .thenComparing(ExportEvent::cluster);
    /** Kubernetes' default of {@code spec.internalTrafficPolicy}: unset and Cluster are the same thing. */
    private static final String CLUSTER_TRAFFIC_POLICY = "Cluster";

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
        List<ExportPort> ports = PortMerge.merge(ordered, conflicts);
        propertyConflict(ordered, ExportEvent::type, ConflictReason.TypeConflict, "type").ifPresent(conflicts::add);
        propertyConflict(ordered, ExportEvent::sessionAffinity, ConflictReason.SessionAffinityConflict,
                "sessionAffinity").ifPresent(conflicts::add);
        propertyConflict(ordered, e -> unsetIfNull(e.sessionAffinityConfig()),
                ConflictReason.SessionAffinityConfigConflict, "sessionAffinityConfig").ifPresent(conflicts::add);
        propertyConflict(ordered, ServiceAggregator::internalTrafficPolicy,
                ConflictReason.InternalTrafficPolicyConflict, "internalTrafficPolicy").ifPresent(conflicts::add);
        propertyConflict(ordered, e -> unsetIfNull(e.trafficDistribution()),
                ConflictReason.TrafficDistributionConflict, "trafficDistribution").ifPresent(conflicts::add);
        propertyConflict(ordered, e -> e.exportedAnnotations().toString(), ConflictReason.AnnotationsConflict,
                "exportedAnnotations").ifPresent(conflicts::add);
        propertyConflict(ordered, e -> e.exportedLabels().toString(), ConflictReason.LabelsConflict,
                "exportedLabels").ifPresent(conflicts::add);
        policyConflict(ordered).ifPresent(conflicts::add);
        conflicts.sort(Comparator.comparing(ExportConflict::reason));

        List<ClusterBackend> clusters = ordered.stream()
                .map(e -> new ClusterBackend(e.cluster(), e.ingressAddress(), e.policy(), e.readyEndpoints(),
                        e.exportCreated()))
                .toList();
        Map<String, List<ExportPort>> refused = new LinkedHashMap<>();
        ordered.stream().filter(e -> !e.refusedPorts().isEmpty())
                .forEach(e -> refused.put(e.cluster(), e.refusedPorts()));
        return Optional.of(new AggregatedService(oldest.namespace(), oldest.name(), oldest.type(),
                oldest.sessionAffinity(), ports, oldest.policy(), clusters, conflicts, oldest.sessionAffinityConfig(),
                oldest.internalTrafficPolicy(), oldest.trafficDistribution(), refused, oldest.exportedLabels(),
                oldest.exportedAnnotations()));
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

    private static String internalTrafficPolicy(ExportEvent e) {
        return e.internalTrafficPolicy() == null ? CLUSTER_TRAFFIC_POLICY : e.internalTrafficPolicy();
    }

    private static String unsetIfNull(Object value) {
        return value == null ? "unset" : value.toString();
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

    private static String describe(ExportedPolicy p) {
        return p.name() + " (tunnel " + p.tunnel() + ", port " + p.port() + ")";
    }
}

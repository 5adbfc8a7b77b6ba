package io.l7mp.mcw.export.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.mcs.ExportConflict;
import io.l7mp.mcw.api.mcs.ServiceAggregator;

/**
 * Computes what this cluster should export and which conditions every ServiceExport should carry.
 * Pure and deterministic: the same inputs give the same plan, whatever order they came in.
 *
 * <p>
 * An export goes out only when its Service exists and can be exported (not ExternalName, at least one port MCW
 * carries, or none at all) and its WAN policy is accepted in this cluster; an export whose policy is unknown is never
 * sent over some other tunnel (DESIGN D2), it waits. Ports MCW does not carry (UDP, SCTP) are refused on the export
 * ({@code PortsCarried=False}, {@code UnsupportedProtocol}) and travel only as {@code refusedPorts}, so that no cluster
 * imports them or gives them an egress port.
 * Conflicts are computed with the same {@link ServiceAggregator} the import-service uses, so the
 * {@code Conflict} condition always agrees with what the ServiceImports show.
 */
public final class ExportPlanner {

    private ExportPlanner() {
    }

    public static ExportPlan plan(ExportInputs in) {
        Index index = new Index(in);
        List<ExportDecision> decisions = in.exports().stream()
                .sorted(Comparator.comparing(LocalExport::ref))
                .map(export -> decide(export, index, in))
                .toList();
        return new ExportPlan(decisions);
    }

    /**
     * The plan of a cluster that left the clusterset under its old id (the cluster id changed while running): nothing
     * is published, and every ServiceExport says why on its Ready condition.
     */
    public static ExportPlan withdrawn(ExportPlan plan, String why) {
        List<ExportDecision> decisions = plan.decisions().stream().<ExportDecision> map(d -> new ExportDecision.Waiting(
                d.ref(), d.conditions().stream().map(c -> switch (c.type()) {
                    case ExportCondition.CONFLICT -> ExportConditions.notCompared(d.ref());
                    case ExportCondition.READY -> ExportCondition.isFalse(ExportCondition.READY,
                            ExportCondition.REASON_CLUSTER_ID_CHANGED, "withdrawn: " + why);
                    default -> c;
                }).toList())).toList();
        return new ExportPlan(decisions);
    }

    private static ExportDecision decide(LocalExport export, Index index, ExportInputs in) {
        Optional<LocalService> service = Optional.ofNullable(index.services.get(export.ref()));
        PolicyResolution policy = resolve(export, index, in.defaultPolicy());
        ExportCondition valid = ExportConditions.valid(export.ref(), service);
        ExportCondition ports = ExportConditions.portsCarried(export.ref(), service, valid);
        ExportCondition resolved = ExportConditions.policy(export, policy);
        if (valid.holds() && policy instanceof PolicyResolution.Resolved r) {
            ExportEvent event = toEvent(export, service.get(), r.policy(), index, in);
            List<ExportConflict> conflicts = conflicts(event, index.others(export.ref()), in.cluster());
            return new ExportDecision.Exported(export.ref(), event, conflicts, List.of(valid, ports, resolved,
                    ExportConditions.conflict(conflicts), ExportConditions.exported(event)));
        }
        return new ExportDecision.Waiting(export.ref(), List.of(valid, ports, resolved,
                ExportConditions.notCompared(export.ref()), ExportConditions.notPublished(valid, resolved)));
    }

    private static PolicyResolution resolve(LocalExport export, Index index, Optional<String> defaultPolicy) {
        Optional<String> name = export.policyAnnotation().or(() -> defaultPolicy);
        if (name.isEmpty()) {
            return new PolicyResolution.NotSpecified();
        }
        PolicyEvent accepted = index.acceptedPolicies.get(name.get());
        if (accepted != null) {
            return new PolicyResolution.Resolved(accepted);
        }
        LocalPolicy local = index.localPolicies.get(name.get());
        if (local == null) {
            return new PolicyResolution.NotFound(name.get());
        }
        String detail = local.accepted() ? "it is accepted but not yet published on the policies topic"
                : local.acceptedMessage().orElse("it has no Accepted condition yet");
        return new PolicyResolution.NotAccepted(name.get(), detail);
    }

    /** The export of the carried ports; the refused ones travel too, for the others to compare whole Services. */
    private static ExportEvent toEvent(LocalExport export, LocalService service, PolicyEvent policy, Index index,
            ExportInputs in) {
        String type = service.headless() ? Mcs.TYPE_HEADLESS : Mcs.TYPE_CLUSTER_SET_IP;
        int ready = index.readyEndpoints.getOrDefault(export.ref(), 0);
        return new ExportEvent(in.cluster(), export.ref().namespace(), export.ref().name(), type,
                service.sessionAffinity(), service.carriedPorts(), ExportedPolicy.of(policy), in.ingressAddress(),
                ready, export.created(), service.sessionAffinityConfig(), service.internalTrafficPolicy(),
                service.trafficDistribution(), service.refusedPorts(), export.exportedLabels(),
                export.exportedAnnotations());
    }

    private static List<ExportConflict> conflicts(ExportEvent own, List<ExportEvent> others, String cluster) {
        if (others.isEmpty()) {
            return List.of();
        }
        List<ExportEvent> all = new ArrayList<>(others);
        all.add(own);
        return ServiceAggregator.aggregate(all).map(s -> s.conflictsOf(cluster)).orElse(List.of());
    }

    /** The inputs, looked up by what the decisions need. */
    private static final class Index {
        final Map<ExportRef, LocalService> services = new HashMap<>();
        final Map<ExportRef, Integer> readyEndpoints = new HashMap<>();
        final Map<String, LocalPolicy> localPolicies = new HashMap<>();
        final Map<String, PolicyEvent> acceptedPolicies = new HashMap<>();
        final Map<ExportRef, List<ExportEvent>> othersByService = new TreeMap<>();

        Index(ExportInputs in) {
            in.services().forEach(s -> services.put(s.ref(), s));
            in.slices().forEach(s -> readyEndpoints.merge(s.service(), s.readyEndpoints(), Integer::sum));
            in.policies().forEach(p -> localPolicies.put(p.name(), p));
            in.policyEvents().forEach((key, event) -> {
                if (key.equals(EventKeys.policy(in.cluster(), event.name()))) {
                    acceptedPolicies.put(event.name(), event);
                }
            });
            in.exportEvents().forEach((key, event) -> {
                // a record filed under a key that does not match it would count one cluster twice
                if (!event.cluster().equals(in.cluster()) && key.equals(event.key())) {
                    othersByService.computeIfAbsent(new ExportRef(event.namespace(), event.name()),
                            r -> new ArrayList<>()).add(event);
                }
            });
        }

        List<ExportEvent> others(ExportRef ref) {
            return othersByService.getOrDefault(ref, List.of());
        }
    }
}

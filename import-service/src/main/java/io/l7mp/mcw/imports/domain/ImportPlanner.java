package io.l7mp.mcw.imports.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.mcs.AggregatedService;
import io.l7mp.mcw.api.mcs.ExportConflict;
import io.l7mp.mcw.api.mcs.McsConditions;
import io.l7mp.mcw.api.mcs.ServiceAggregator;
import io.l7mp.mcw.api.mcs.StaticIngress;

/**
 * Computes the imports of this cluster from every cluster's exports (DESIGN D2, KEP-1645): for each exported
 * service whose namespace exists here, a ServiceImport with the merged ports, a derived selector-less Service
 * whose clusterIP is the VIP, and an EndpointSlice that points at the egress gateway (its pods, or a fixed address)
 * on the allocated egress ports, with the WAN status of its tunnels ({@link WanStatusPlanner}); and the import events
 * to publish. Pure: the same input always gives the same plan.
 */
public final class ImportPlanner {
    static final String TYPE_HEADLESS = "Headless";
    static final String REASON_EGRESS_NOT_READY = "EgressGatewayNotReady";
    static final String REASON_PINNED = "Pinned";
    private static final String STATIC_BY = "annotation " + StaticIngress.ANNOTATION_INGRESS + ", mcwanctl import";

    private ImportPlanner() {
    }

    public static ImportPlan plan(PlannerInput in) {
        Map<String, AggregatedService> services = ServiceAggregator.aggregateAll(exports(in));
        Map<ServiceRef, PortAllocation> allocations = EgressPortAllocator.allocate(in.config().egressPorts(),
                in.allocations(), requests(in, services.values()));
        PlanBuilder plan = new PlanBuilder(EgressEndpoints.resolve(in.config().egress(), in.egressPods()));
        for (AggregatedService service : services.values()) {
            planService(in, service, allocations, plan);
        }
        in.pinned().values().stream().filter(p -> !p.usable()).sorted(Comparator.comparing(PinnedImport::ref))
                .forEach(p -> planUnusable(in, p, plan));
        return plan.build(in);
    }

    /**
     * The part of the plan that one service makes, for {@link IncrementalImportPlanner}: exactly what {@link #plan}
     * adds for it.
     *
     * @param allocation its egress ports; null when it gets none (its namespace is missing, or the name is taken)
     */
    static PlanFragment planFragment(PlannerInput in, AggregatedService service, PortAllocation allocation,
            EgressEndpoints egress) {
        PlanBuilder plan = new PlanBuilder(egress);
        Map<ServiceRef, PortAllocation> allocations = allocation == null ? Map.of()
                : Map.of(new ServiceRef(service.namespace(), service.name()), allocation);
        planService(in, service, allocations, plan);
        return plan.fragment();
    }

    /** The part of the plan that a static import that cannot be used makes, for {@link IncrementalImportPlanner}. */
    static PlanFragment unusableFragment(PlannerInput in, PinnedImport pinned, EgressEndpoints egress) {
        PlanBuilder plan = new PlanBuilder(egress);
        planUnusable(in, pinned, plan);
        return plan.fragment();
    }

    /**
     * The exports the imports are planned from: those on the bus, except that a static import stands for every export
     * of its service (it is planned as if its static cluster alone exported it).
     */
    private static List<ExportEvent> exports(PlannerInput in) {
        if (in.pinned().isEmpty()) {
            return in.exports();
        }
        List<ExportEvent> exports = new ArrayList<>();
        in.exports().stream().filter(e -> !in.pinned().containsKey(new ServiceRef(e.namespace(), e.name())))
                .forEach(exports::add);
        in.pinned().values().stream().filter(PinnedImport::usable).forEach(p -> exports.add(p.export()));
        return exports;
    }

    /** The ports of every import that will exist: its namespace exists and no foreign ServiceImport is there. */
    private static Map<ServiceRef, List<ImportPort>> requests(PlannerInput in, Collection<AggregatedService> services) {
        Map<ServiceRef, List<ImportPort>> requests = new TreeMap<>();
        for (AggregatedService s : services) {
            ServiceRef ref = new ServiceRef(s.namespace(), s.name());
            if (in.namespaces().contains(s.namespace()) && !isForeign(in, ObjectRef.Kind.SERVICE_IMPORT, ref)) {
                requests.put(ref, s.ports().stream().map(ImportPort::of).toList());
            }
        }
        return requests;
    }

    private static void planService(PlannerInput in, AggregatedService s, Map<ServiceRef, PortAllocation> allocations,
            PlanBuilder plan) {
        ServiceRef ref = new ServiceRef(s.namespace(), s.name());
        String cluster = in.config().cluster();
        if (!in.namespaces().contains(s.namespace())) {
            plan.event(in, event(cluster, s, ImportState.WAITING_FOR_NAMESPACE, List.of(), List.of(),
                    "namespace " + s.namespace() + " does not exist in cluster " + cluster
                            + "; the ServiceImport is created when it appears"),
                    true);
            return;
        }
        if (isForeign(in, ObjectRef.Kind.SERVICE_IMPORT, ref)) {
            String notice = notOwned(new ObjectRef(ObjectRef.Kind.SERVICE_IMPORT, s.namespace(), s.name()));
            plan.notices.add(notice);
            plan.event(in, event(cluster, s, ImportState.CONFLICT, List.of(), List.of(), notice), true);
            return;
        }
        planImport(in, s, ref, allocations.get(ref), plan);
    }

    private static void planImport(PlannerInput in, AggregatedService s, ServiceRef ref, PortAllocation allocation,
            PlanBuilder plan) {
        List<ImportPort> ports = s.ports().stream().map(ImportPort::of).toList();
        List<EgressPort> egress = allocation.ports();
        boolean headless = TYPE_HEADLESS.equals(s.type());
        String derivedName = DerivedNames.service(s.name());
        List<Problem> problems = new ArrayList<>();
        if (allocation instanceof PortAllocation.Exhausted exhausted) {
            problems.add(new Problem("EgressPortsExhausted", exhausted.message()));
        }
        ObjectRef derivedRef = new ObjectRef(ObjectRef.Kind.SERVICE, s.namespace(), derivedName);
        boolean derivedForeign = isForeign(in, ObjectRef.Kind.SERVICE, new ServiceRef(s.namespace(), derivedName));
        if (derivedForeign) {
            problems.add(new Problem("DerivedServiceNotOwned", notOwned(derivedRef)));
            plan.notices.add(notOwned(derivedRef));
        } else if (!headless && egress.isEmpty() && problems.isEmpty()) {
            problems.add(new Problem("NoPorts",
                    "the exports of " + ref + " have no ports, expected at least one for type ClusterSetIP"));
        }
        boolean withService = !derivedForeign && (headless || !egress.isEmpty());
        String vip = withService && !headless ? in.clusterIps().get(new ServiceRef(s.namespace(), derivedName)) : null;
        List<String> ips = vip == null ? List.of() : List.of(vip);
        boolean pending = withService && !headless && vip == null;
        if (withService) {
            plan.services.add(derivedService(s, derivedName, headless, ports, egress));
            plan.slices.add(endpointSlice(plan.egress, s, derivedName, ports, egress, in.config().cluster()));
        }
        // the gateway being down says nothing about the import itself: the condition tells, the event does not
        String egressProblem = withService ? plan.egress.problem() : null;
        List<ImportCondition> conditions = new ArrayList<>();
        conditions.add(ready(s, problems, egressProblem, pending, derivedName));
        conflict(s.conflicts()).ifPresent(conditions::add);
        portsNotCarried(s).ifPresent(conditions::add);
        WanStatus wan = WanStatusPlanner.plan(in.config().cluster(), s.clusters(), in.wan());
        conditions.add(wan.condition());
        PinnedImport pinned = in.pinned().get(ref);
        if (pinned != null) {
            conditions.add(staticIngress(in, pinned));
        }
        List<String> families = headless ? headlessFamilies(withService, plan.egress) : IpFamilies.of(ips);
        (pinned != null ? plan.pinned : plan.imports)
                .add(new DesiredImport(s.namespace(), s.name(), s.type(), s.sessionAffinity(), ports, ips,
                        s.clusterNames(), s.policy().name(), egress, withService ? derivedName : null, conditions,
                        wan.tunnels(), s.sessionAffinityConfig(), s.internalTrafficPolicy(), s.trafficDistribution(),
                        families, s.exportedLabels(), s.exportedAnnotations()));
        ImportState state = s.conflicts().isEmpty() ? ImportState.IMPORTED : ImportState.CONFLICT;
        List<String> messages = new ArrayList<>(s.conflicts().stream().map(ExportConflict::message).toList());
        problems.forEach(p -> messages.add(p.message()));
        plan.event(in, event(in.config().cluster(), s, state, ips, egress,
                messages.isEmpty() ? null : String.join("; ", messages)), !pending);
    }

    /** Says where a static import goes, and which exports of the bus it stands in for. */
    private static ImportCondition staticIngress(PlannerInput in, PinnedImport pinned) {
        List<String> onBus = in.exports().stream()
                .filter(e -> e.namespace().equals(pinned.ref().namespace()) && e.name().equals(pinned.ref().name()))
                .map(ExportEvent::cluster).sorted().toList();
        String message = "pinned to " + pinned.ingress() + " (" + STATIC_BY + ")"
                + (onBus.isEmpty() ? ""
                        : "; the exports of " + String.join(", ", onBus) + " on the event bus are "
                                + "not merged in while it is");
        return new ImportCondition(ImportCondition.STATIC_INGRESS, true, REASON_PINNED, message);
    }

    /**
     * A static import whose annotations cannot be used: its status says why, nothing is made for it (what was made
     * before is removed) and no event is published.
     */
    private static void planUnusable(PlannerInput in, PinnedImport pinned, PlanBuilder plan) {
        ServiceRef ref = pinned.ref();
        List<ImportCondition> conditions = List.of(
                new ImportCondition(ImportCondition.READY, false, pinned.reason(), pinned.problem()),
                new ImportCondition(ImportCondition.STATIC_INGRESS, false, pinned.reason(), pinned.problem()));
        plan.notices.add("ServiceImport " + ref + ": " + pinned.problem());
        plan.pinned.add(new DesiredImport(ref.namespace(), ref.name(), pinned.type(), null,
                pinned.ports().stream().map(ImportPort::of).toList(), List.of(), List.of(), null, List.of(), null,
                conditions, List.of(), null, null, null, List.of()));
    }

    private static DesiredService derivedService(AggregatedService s, String name, boolean headless,
            List<ImportPort> ports, List<EgressPort> egress) {
        List<DesiredService.ServicePort> servicePorts = new ArrayList<>();
        for (ImportPort p : ports) {
            egressOf(p, egress).ifPresent(e -> servicePorts
                    .add(new DesiredService.ServicePort(p.name(), p.protocol(), p.appProtocol(), p.port(), e)));
        }
        return new DesiredService(s.namespace(), name, s.name(), headless, servicePorts);
    }

    private static DesiredEndpointSlice endpointSlice(EgressEndpoints endpoints, AggregatedService s,
            String serviceName, List<ImportPort> ports, List<EgressPort> egress, String cluster) {
        List<DesiredEndpointSlice.SlicePort> slicePorts = new ArrayList<>();
        for (ImportPort p : ports) {
            egressOf(p, egress).ifPresent(
                    e -> slicePorts.add(new DesiredEndpointSlice.SlicePort(p.name(), p.protocol(), p.appProtocol(), e)));
        }
        return new DesiredEndpointSlice(s.namespace(), DerivedNames.endpointSlice(s.name()), serviceName, s.name(),
                endpoints.addressType(), endpoints.endpoints(), slicePorts, cluster);
    }

    /** A headless import resolves to its EndpointSlice's addresses: their family, none for FQDN endpoints. */
    private static List<String> headlessFamilies(boolean withService, EgressEndpoints endpoints) {
        return withService ? IpFamilies.ofAddressType(endpoints.addressType()) : List.of();
    }

    private static Optional<Integer> egressOf(ImportPort port, List<EgressPort> egress) {
        return egress.stream().filter(port::matches).map(EgressPort::egressPort).findFirst();
    }

    private static ImportCondition ready(AggregatedService s, List<Problem> problems, String egressProblem,
            boolean pending, String derivedName) {
        if (!problems.isEmpty()) {
            return new ImportCondition(ImportCondition.READY, false, problems.get(0).reason(),
                    problems.stream().map(Problem::message).collect(Collectors.joining("; ")));
        }
        if (egressProblem != null) {
            String noEndpoint = "; Service " + s.namespace() + "/" + derivedName
                    + " has no ready endpoint until a gateway pod is ready";
            return new ImportCondition(ImportCondition.READY, false, REASON_EGRESS_NOT_READY, egressProblem + noEndpoint);
        }
        if (pending) {
            return new ImportCondition(ImportCondition.READY, false, McsConditions.REASON_PENDING,
                    "waiting for the API server to allocate the clusterIP of Service " + s.namespace() + "/"
                            + derivedName);
        }
        return new ImportCondition(ImportCondition.READY, true, McsConditions.REASON_READY,
                "imported from " + String.join(", ", s.clusterNames()) + " over WAN policy " + s.policy().name());
    }

    private static Optional<ImportCondition> conflict(List<ExportConflict> conflicts) {
        if (conflicts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImportCondition(ImportCondition.CONFLICT, true, McsConditions.conflictReason(conflicts),
                conflicts.stream().map(ExportConflict::message).collect(Collectors.joining("; "))));
    }

    /** Says which ports of the exporting clusters' Services are left out, so that nobody looks for them here. */
    private static Optional<ImportCondition> portsNotCarried(AggregatedService s) {
        if (s.refusedPorts().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ImportCondition(ImportCondition.PORTS_CARRIED, false,
                McsConditions.REASON_UNSUPPORTED_PROTOCOL, "not imported, MCW's gateways carry TCP only (UDP and SCTP"
                        + " across the WAN are not supported yet): " + s.describeRefusedPorts()));
    }

    private static ImportEvent event(String cluster, AggregatedService s, ImportState state, List<String> ips,
            List<EgressPort> egress, String message) {
        return new ImportEvent(cluster, s.namespace(), s.name(), state, s.type(), ips, egress, s.clusterNames(),
                s.policy().name(), message);
    }

    private static boolean isForeign(PlannerInput in, ObjectRef.Kind kind, ServiceRef ref) {
        return in.foreign().contains(new ObjectRef(kind, ref.namespace(), ref.name()));
    }

    private static String notOwned(ObjectRef ref) {
        return ref + " exists and is not managed by mcw-import-service (label app.kubernetes.io/managed-by="
                + "mcw-import-service missing); left alone";
    }

    /** Collects the plan while the services are walked. */
    private static final class PlanBuilder {
        private final EgressEndpoints egress;
        private final List<DesiredImport> imports = new ArrayList<>();
        private final List<DesiredImport> pinned = new ArrayList<>();
        private final List<DesiredService> services = new ArrayList<>();
        private final List<DesiredEndpointSlice> slices = new ArrayList<>();
        private final Map<String, ImportState> states = new LinkedHashMap<>();
        private final List<ImportEvent> publish = new ArrayList<>();
        private final List<String> notices = new ArrayList<>();

        PlanBuilder(EgressEndpoints egress) {
            this.egress = egress;
        }

        /** Records the state; publishes the event when it is complete and differs from the topic. */
        void event(PlannerInput in, ImportEvent event, boolean complete) {
            states.put(event.key(), event.state());
            if (complete && !Objects.equals(in.published().get(event.key()), event)) {
                publish.add(event);
            }
        }

        PlanFragment fragment() {
            return new PlanFragment(imports, pinned, services, slices, states, publish, notices);
        }

        ImportPlan build(PlannerInput in) {
            String prefix = in.config().cluster() + "/";
            List<String> tombstones = in.published().keySet().stream()
                    .filter(k -> k.startsWith(prefix) && !states.containsKey(k)).sorted().toList();
            return new ImportPlan(imports, services, slices, states, publish, tombstones, notices, egress, pinned);
        }
    }

    /** Why an import is not ready: the condition reason and the sentence for the operator. */
    private record Problem(String reason, String message) {
    }
}

package io.l7mp.mcw.export.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.api.event.Sla;

/**
 * Builds planner inputs for cluster-1: by default the service-level example (Service secure/payment
 * port http 8080, ServiceExport annotated sd-wan-priority-high, that policy accepted).
 */
final class PlannerFixture {
    static final String CLUSTER = "cluster-1";
    static final String INGRESS = "10.0.0.1";
    static final ExportRef PAYMENT = new ExportRef("secure", "payment");
    static final Instant CREATED = Instant.parse("2026-11-27T10:00:00Z");
    static final ExportPort HTTP = new ExportPort("http", "TCP", null, 8080);

    final List<LocalExport> exports = new ArrayList<>();
    final List<LocalService> services = new ArrayList<>();
    final List<LocalEndpointSlice> slices = new ArrayList<>();
    final List<LocalPolicy> policies = new ArrayList<>();
    final Map<String, PolicyEvent> policyEvents = new LinkedHashMap<>();
    final Map<String, ExportEvent> exportEvents = new LinkedHashMap<>();
    Optional<String> defaultPolicy = Optional.empty();

    static PlannerFixture paymentExported() {
        PlannerFixture f = new PlannerFixture();
        f.export(PAYMENT, "sd-wan-priority-high", CREATED);
        f.service(PAYMENT, "10.96.0.10", HTTP);
        f.acceptedPolicy(high(CLUSTER));
        return f;
    }

    static PolicyEvent high(String cluster) {
        return new PolicyEvent(cluster, "sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0), null,
                List.of(), null, 1);
    }

    static PolicyEvent low(String cluster) {
        return new PolicyEvent(cluster, "sd-wan-priority-low", "internet", 31112, new Sla(300.0, 100.0, 5.0), null,
                List.of(), null, 1);
    }

    static PolicyEvent named(String cluster, String name, String tunnel, int port) {
        return new PolicyEvent(cluster, name, tunnel, port, Sla.BEST_EFFORT, null, List.of(), null, 1);
    }

    PlannerFixture export(ExportRef ref, String annotation, Instant created) {
        exports.add(new LocalExport(ref, Optional.ofNullable(annotation), created));
        return this;
    }

    PlannerFixture service(ExportRef ref, String clusterIp, ExportPort... ports) {
        services.add(new LocalService(ref, clusterIp, "None", List.of(ports)));
        return this;
    }

    /** Replaces the Service of secure/payment. */
    PlannerFixture replaceService(java.util.function.UnaryOperator<LocalService> change) {
        LocalService current = services.stream().filter(s -> s.ref().equals(PAYMENT)).findFirst().orElseThrow();
        services.remove(current);
        services.add(change.apply(current));
        return this;
    }

    PlannerFixture slice(ExportRef service, Boolean... ready) {
        slices.add(new LocalEndpointSlice(service, Arrays.asList(ready)));
        return this;
    }

    PlannerFixture localPolicy(String name, boolean accepted, String message) {
        policies.add(new LocalPolicy(name, accepted, Optional.ofNullable(message)));
        return this;
    }

    PlannerFixture acceptedPolicy(PolicyEvent event) {
        policyEvents.put(event.key(), event);
        if (event.cluster().equals(CLUSTER)) {
            localPolicy(event.name(), true, "WANPolicy " + event.name() + " is valid");
        }
        return this;
    }

    PlannerFixture otherExport(ExportEvent event) {
        exportEvents.put(event.key(), event);
        return this;
    }

    /** An export of secure/payment by another cluster, like this cluster's but older by an hour. */
    static ExportEvent remote(String cluster, String type, PolicyEvent policy, ExportPort... ports) {
        return new ExportEvent(cluster, "secure", "payment", type, "None", List.of(ports), ExportedPolicy.of(policy),
                "10.0.0.2", 2, CREATED.minusSeconds(3600));
    }

    /** The export with {@code refused} as ports of its Service that MCW does not carry. */
    static ExportEvent refusing(ExportEvent e, ExportPort... refused) {
        return new ExportEvent(e.cluster(), e.namespace(), e.name(), e.type(), e.sessionAffinity(), e.ports(),
                e.policy(), e.ingressAddress(), e.readyEndpoints(), e.exportCreated(), e.sessionAffinityConfig(),
                e.internalTrafficPolicy(), e.trafficDistribution(), List.of(refused));
    }

    static ExportEvent with(ExportEvent e, SessionAffinityConfig config, String internalTrafficPolicy,
            String trafficDistribution) {
        return new ExportEvent(e.cluster(), e.namespace(), e.name(), e.type(), e.sessionAffinity(), e.ports(),
                e.policy(), e.ingressAddress(), e.readyEndpoints(), e.exportCreated(), config, internalTrafficPolicy,
                trafficDistribution, e.refusedPorts());
    }

    ExportInputs inputs() {
        return new ExportInputs(CLUSTER, INGRESS, defaultPolicy, exports, services, slices, policies, policyEvents,
                exportEvents);
    }

    ExportPlan plan() {
        return ExportPlanner.plan(inputs());
    }
}

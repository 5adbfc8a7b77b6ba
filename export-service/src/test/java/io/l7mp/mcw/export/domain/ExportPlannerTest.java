package io.l7mp.mcw.export.domain;

import static io.l7mp.mcw.export.domain.PlannerFixture.CLUSTER;
import static io.l7mp.mcw.export.domain.PlannerFixture.CREATED;
import static io.l7mp.mcw.export.domain.PlannerFixture.HTTP;
import static io.l7mp.mcw.export.domain.PlannerFixture.PAYMENT;
import static io.l7mp.mcw.export.domain.PlannerFixture.high;
import static io.l7mp.mcw.export.domain.PlannerFixture.low;
import static io.l7mp.mcw.export.domain.PlannerFixture.named;
import static io.l7mp.mcw.export.domain.PlannerFixture.refusing;
import static io.l7mp.mcw.export.domain.PlannerFixture.remote;
import static io.l7mp.mcw.export.domain.PlannerFixture.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.SessionAffinityConfig;

class ExportPlannerTest {

    /** One row: how the inputs differ from the exported example, and the decision and reasons expected. */
    record Case(String name, Consumer<PlannerFixture> change, boolean exported, String valid, String ports,
            String policy, String conflict, String ready) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final ExportPort DNS_UDP = new ExportPort("dns", "UDP", null, 53);
    static final ExportPort DNS_TCP = new ExportPort("dns-tcp", "TCP", null, 53);

    static Stream<Case> cases() {
        return Stream.of(
                new Case("exported", f -> {
                }, true, "Valid", "AllPortsCarried", "Resolved", "NoConflicts", "Exported"),
                new Case("Service missing", f -> f.services.clear(), false, "NoService", "NoService", "Resolved",
                        "NoConflicts", "Pending"),
                new Case("ExternalName Service", f -> f.replaceService(s -> new LocalService(PAYMENT, "ExternalName",
                        null, "None", List.of(HTTP), null, null, null)), false, "InvalidServiceType",
                        "InvalidServiceType", "Resolved", "NoConflicts", "Failed"),
                new Case("ExternalName Service, policy missing too", f -> {
                    f.replaceService(s -> new LocalService(PAYMENT, "ExternalName", null, "None", List.of(), null,
                            null, null));
                    f.policyEvents.clear();
                    f.policies.clear();
                }, false, "InvalidServiceType", "InvalidServiceType", "PolicyNotFound", "NoConflicts", "Failed"),
                new Case("NodePort Service is exported as ClusterSetIP", f -> f.replaceService(s -> new LocalService(
                        PAYMENT, "NodePort", "10.96.0.10", "None", List.of(HTTP), null, null, null)), true, "Valid",
                        "AllPortsCarried", "Resolved", "NoConflicts", "Exported"),
                new Case("UDP port only", f -> {
                    f.services.clear();
                    f.service(PAYMENT, "10.96.0.10", DNS_UDP);
                }, false, "UnsupportedProtocol", "UnsupportedProtocol", "Resolved", "NoConflicts", "Failed"),
                new Case("TCP and UDP ports: the TCP ports go out", f -> {
                    f.services.clear();
                    f.service(PAYMENT, "10.96.0.10", DNS_UDP, DNS_TCP);
                }, true, "Valid", "UnsupportedProtocol", "Resolved", "NoConflicts", "Exported"),
                new Case("headless Service without ports", f -> {
                    f.services.clear();
                    f.service(PAYMENT, "None");
                }, true, "Valid", "AllPortsCarried", "Resolved", "NoConflicts", "Exported"),
                new Case("policy missing", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                }, false, "Valid", "AllPortsCarried", "PolicyNotFound", "NoConflicts", "Pending"),
                new Case("policy present but not accepted", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                    f.localPolicy("sd-wan-priority-high", false, "spec.port is 70000, expected 1-65535");
                }, false, "Valid", "AllPortsCarried", "PolicyNotAccepted", "NoConflicts", "Pending"),
                new Case("policy accepted only in another cluster", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                    f.acceptedPolicy(high("cluster-2"));
                }, false, "Valid", "AllPortsCarried", "PolicyNotFound", "NoConflicts", "Pending"),
                new Case("no annotation, no default policy", f -> {
                    f.exports.clear();
                    f.export(PAYMENT, null, CREATED);
                }, false, "Valid", "AllPortsCarried", "PolicyNotSpecified", "NoConflicts", "Pending"),
                new Case("no annotation, default policy", f -> {
                    f.exports.clear();
                    f.export(PAYMENT, null, CREATED);
                    f.defaultPolicy = java.util.Optional.of("sd-wan-priority-high");
                }, true, "Valid", "AllPortsCarried", "Resolved", "NoConflicts", "Exported"),
                new Case("Service missing, policy accepted but not yet published", f -> {
                    f.services.clear();
                    f.policyEvents.clear();
                }, false, "NoService", "NoService", "PolicyNotAccepted", "NoConflicts", "Pending"),
                new Case("port conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "ClusterSetIP",
                        high("cluster-2"), new ExportPort("http", "TCP", null, 9090))), true, "Valid",
                        "AllPortsCarried", "Resolved", "PortConflict", "Exported"),
                new Case("cluster-2 has one more port", f -> f.otherExport(remote("cluster-2", "ClusterSetIP",
                        high("cluster-2"), HTTP, new ExportPort("admin", "TCP", null, 9000))), true, "Valid",
                        "AllPortsCarried", "Resolved", "PortConflict", "Exported"),
                new Case("cluster-2's Service has an SCTP port more", f -> f.otherExport(refusing(remote("cluster-2",
                        "ClusterSetIP", high("cluster-2"), HTTP), new ExportPort("stcp", "SCTP", null, 142))), true,
                        "Valid", "AllPortsCarried", "Resolved", "PortConflict", "Exported"),
                new Case("type conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "Headless",
                        high("cluster-2"), HTTP)), true, "Valid", "AllPortsCarried", "Resolved", "TypeConflict",
                        "Exported"),
                new Case("sessionAffinityConfig conflict with cluster-2", f -> f.otherExport(with(remote("cluster-2",
                        "ClusterSetIP", high("cluster-2"), HTTP), SessionAffinityConfig.clientIP(10), null, null)),
                        true, "Valid", "AllPortsCarried", "Resolved", "SessionAffinityConfigConflict", "Exported"),
                new Case("internalTrafficPolicy conflict with cluster-2", f -> f.otherExport(with(remote("cluster-2",
                        "ClusterSetIP", high("cluster-2"), HTTP), null, "Local", null)), true, "Valid",
                        "AllPortsCarried", "Resolved", "InternalTrafficPolicyConflict", "Exported"),
                new Case("trafficDistribution conflict with cluster-2", f -> f.otherExport(with(remote("cluster-2",
                        "ClusterSetIP", high("cluster-2"), HTTP), null, null, "PreferClose")), true, "Valid",
                        "AllPortsCarried", "Resolved", "TrafficDistributionConflict", "Exported"),
                new Case("WAN policy conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "ClusterSetIP",
                        low("cluster-2"), HTTP)), true, "Valid", "AllPortsCarried", "Resolved", "WANPolicyConflict",
                        "Exported"),
                new Case("three conflicts with cluster-2: every reason", f -> f.otherExport(remote("cluster-2",
                        "Headless", low("cluster-2"), new ExportPort("http", "TCP", null, 9090))), true, "Valid",
                        "AllPortsCarried", "Resolved", "PortConflict,TypeConflict,WANPolicyConflict", "Exported"),
                new Case("cluster-2 agrees", f -> f.otherExport(remote("cluster-2", "ClusterSetIP", high("cluster-2"),
                        HTTP)), true, "Valid", "AllPortsCarried", "Resolved", "NoConflicts", "Exported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesEachCase(Case c) {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        c.change().accept(f);

        // When
        ExportPlan plan = f.plan();

        // Then
        ExportDecision decision = plan.decision(PAYMENT);
        assertThat(decision).isInstanceOf(c.exported() ? ExportDecision.Exported.class : ExportDecision.Waiting.class);
        assertThat(plan.events()).hasSize(c.exported() ? 1 : 0);
        assertThat(decision.conditions()).extracting(ExportCondition::type).containsExactly("Valid", "PortsCarried",
                "WANPolicyResolved", "Conflict", "Ready");
        assertThat(reasons(decision)).containsExactly(c.valid(), c.ports(), c.policy(), c.conflict(), c.ready());
        assertThat(condition(decision, "Ready").holds()).isEqualTo(c.exported());
        assertThat(condition(decision, "Conflict").holds()).isEqualTo(!c.conflict().equals("NoConflicts"));
    }

    @Test
    void exportedEventCarriesTheServiceThePolicyAndThisCluster() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.services.clear();
        f.services.add(new LocalService(PAYMENT, "10.96.0.10", "ClientIP",
                List.of(new ExportPort("http", "TCP", "kubernetes.io/h2c", 8080), new ExportPort("admin", "TCP", null,
                        9000))));

        // When
        ExportEvent event = f.plan().events().get("cluster-1/secure/payment");

        // Then
        assertThat(event).isEqualTo(new ExportEvent(CLUSTER, "secure", "payment", "ClusterSetIP", "ClientIP",
                List.of(new ExportPort("http", "TCP", "kubernetes.io/h2c", 8080), new ExportPort("admin", "TCP", null,
                        9000)),
                ExportedPolicy.of(high(CLUSTER)), "10.0.0.1", 0, CREATED));
        assertThat(condition(f.plan().decision(PAYMENT), "WANPolicyResolved").message())
                .isEqualTo("WANPolicy sd-wan-priority-high resolved (annotation mcw.l7mp.io/mc-wan-policy of"
                        + " ServiceExport secure/payment): tunnel business, port 31111, SLA latency <= 100 ms,"
                        + " jitter <= 50 ms, loss <= 1 %");
    }

    @Test
    void missingServiceIsNamedInTheValidCondition() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.services.clear();

        // When
        ExportDecision decision = f.plan().decision(PAYMENT);

        // Then
        ExportCondition valid = condition(decision, "Valid");
        assertThat(valid.status()).isEqualTo(ExportCondition.Status.FALSE);
        assertThat(valid.message()).startsWith("Service secure/payment not found");
        assertThat(condition(decision, "PortsCarried").status()).isEqualTo(ExportCondition.Status.UNKNOWN);
    }

    @Test
    void externalNameServiceIsRefusedWithTheUpstreamReasonAndNothingIsPublished() {
        // Given: the conformance suite's ExternalName case, with a stale event of this cluster on the topic
        PlannerFixture f = PlannerFixture.paymentExported();
        f.replaceService(s -> new LocalService(PAYMENT, "ExternalName", null, "None", List.of(), null, null, null));

        // When
        ExportPlan plan = f.plan();

        // Then
        assertThat(plan.events()).isEmpty();
        ExportCondition valid = condition(plan.decision(PAYMENT), "Valid");
        assertThat(valid.status()).isEqualTo(ExportCondition.Status.FALSE);
        assertThat(valid.reason()).isEqualTo("InvalidServiceType");
        assertThat(valid.message()).isEqualTo("Service secure/payment has spec.type ExternalName, which cannot be"
                + " exported (KEP-1645: create the ExternalName Service in each cluster instead); expected ClusterIP,"
                + " NodePort or LoadBalancer");
        assertThat(condition(plan.decision(PAYMENT), "Ready").message()).startsWith("not published: Service"
                + " secure/payment has spec.type ExternalName");
    }

    @Test
    void udpAndSctpPortsAreRefusedByNameAndTravelOnlyAsRefusedPorts() {
        // Given: the conformance suite's hello Service (tcp 42/TCP, udp 42/UDP) and an SCTP port
        PlannerFixture f = PlannerFixture.paymentExported();
        f.services.clear();
        ExportPort tcp = new ExportPort("tcp", "TCP", null, 42);
        ExportPort udp = new ExportPort("udp", "UDP", null, 42);
        ExportPort sctp = new ExportPort("stcp", "SCTP", null, 142);
        f.service(PAYMENT, "10.96.0.10", tcp, udp, sctp);

        // When
        ExportPlan plan = f.plan();

        // Then
        ExportEvent event = plan.events().get("cluster-1/secure/payment");
        assertThat(event.ports()).containsExactly(tcp);
        assertThat(event.refusedPorts()).containsExactly(udp, sctp);
        ExportDecision decision = plan.decision(PAYMENT);
        assertThat(condition(decision, "Valid").holds()).isTrue();
        ExportCondition ports = condition(decision, "PortsCarried");
        assertThat(ports.status()).isEqualTo(ExportCondition.Status.FALSE);
        assertThat(ports.message()).isEqualTo("spec.ports 'udp' 42/UDP, 'stcp' 142/SCTP of Service secure/payment not"
                + " carried: MCW's gateways carry TCP only (UDP and SCTP across the WAN are not supported yet), so"
                + " these ports get no egress port and are not listed on the ServiceImport; exported: 'tcp' 42/TCP");
        assertThat(condition(decision, "Ready").message()).endsWith("; without 'udp' 42/UDP, 'stcp' 142/SCTP (see"
                + " PortsCarried)");
    }

    @Test
    void aServiceWithOnlyUdpPortsIsNotValidAndSaysWhatWasExpected() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.services.clear();
        f.service(PAYMENT, "10.96.0.10", new ExportPort(null, "UDP", null, 53));

        // When
        ExportCondition valid = condition(f.plan().decision(PAYMENT), "Valid");

        // Then
        assertThat(valid.message()).isEqualTo("Service secure/payment has no port MCW can carry: spec.ports 53/UDP;"
                + " MCW's gateways carry TCP only; expected at least one TCP port");
    }

    @Test
    void theServiceFieldsTheServiceImportCarriesTravelInTheEvent() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.replaceService(s -> new LocalService(PAYMENT, "ClusterIP", "10.96.0.10", "ClientIP", List.of(HTTP),
                SessionAffinityConfig.clientIP(10), "Cluster", "PreferClose"));

        // When
        ExportEvent event = f.plan().events().get("cluster-1/secure/payment");

        // Then
        assertThat(event.sessionAffinity()).isEqualTo("ClientIP");
        assertThat(event.sessionAffinityConfig()).isEqualTo(SessionAffinityConfig.clientIP(10));
        assertThat(event.internalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(event.trafficDistribution()).isEqualTo("PreferClose");
    }

    @Test
    void unknownPolicyWaitsThenGoesOutOverThatPolicyOnceAccepted() throws IOException {
        // Given: the misspelled policy of the bad example, and only the correctly spelled ones accepted
        String misspelled = annotationOf("export-unknown-policy.yaml");
        PlannerFixture f = PlannerFixture.paymentExported();
        f.exports.clear();
        f.export(PAYMENT, misspelled, CREATED);
        f.acceptedPolicy(low(CLUSTER));

        // When
        ExportPlan waiting = f.plan();

        // Then
        assertThat(misspelled).isEqualTo("sd-wan-priority-hihg");
        assertThat(waiting.events()).isEmpty();
        ExportCondition unresolved = condition(waiting.decision(PAYMENT), "WANPolicyResolved");
        assertThat(unresolved.reason()).isEqualTo("PolicyNotFound");
        assertThat(unresolved.message()).startsWith("WANPolicy sd-wan-priority-hihg not found")
                .contains("ServiceExport secure/payment");
        assertThat(condition(waiting.decision(PAYMENT), "Ready").message()).contains("sd-wan-priority-hihg");

        // When: the policy appears and is accepted
        f.acceptedPolicy(named(CLUSTER, misspelled, "business", 31113));
        ExportPlan published = f.plan();

        // Then
        assertThat(published.events().get("cluster-1/secure/payment").policy())
                .isEqualTo(ExportedPolicy.of(named(CLUSTER, misspelled, "business", 31113)));
        assertThat(condition(published.decision(PAYMENT), "WANPolicyResolved").reason()).isEqualTo("Resolved");
    }

    @Test
    void notAcceptedPolicyCarriesTheWanPolicysOwnMessage() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.policyEvents.clear();
        f.policies.clear();
        f.localPolicy("sd-wan-priority-high", false, "spec.port is 70000, expected 1-65535");

        // When
        ExportCondition c = condition(f.plan().decision(PAYMENT), "WANPolicyResolved");

        // Then
        assertThat(c.message()).startsWith("WANPolicy sd-wan-priority-high is not accepted")
                .contains("spec.port is 70000, expected 1-65535");
    }

    @Test
    void missingAnnotationNamesTheDefaultPolicyKey() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.exports.clear();
        f.export(PAYMENT, " ", CREATED);

        // When
        ExportCondition c = condition(f.plan().decision(PAYMENT), "WANPolicyResolved");

        // Then
        assertThat(c.reason()).isEqualTo("PolicyNotSpecified");
        assertThat(c.message()).contains("mcw.l7mp.io/mc-wan-policy", "mcw.export.default-policy");
    }

    @Test
    void annotationWinsOverTheDefaultPolicy() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.acceptedPolicy(low(CLUSTER));
        f.defaultPolicy = java.util.Optional.of("sd-wan-priority-low");

        // When
        ExportEvent event = f.plan().events().get("cluster-1/secure/payment");

        // Then
        assertThat(event.policy().name()).isEqualTo("sd-wan-priority-high");
    }

    @Test
    void headlessServiceIsExportedAsHeadless() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.services.clear();
        f.service(PAYMENT, "None", HTTP);

        // When
        ExportEvent event = f.plan().events().get("cluster-1/secure/payment");

        // Then
        assertThat(event.type()).isEqualTo("Headless");
    }

    @Test
    void countsEndpointsWhoseReadyConditionIsNotFalseAcrossSlicesOfTheService() {
        // Given: 2 + 1 ready (null counts as ready), 2 not ready, and another service's slice
        PlannerFixture f = PlannerFixture.paymentExported();
        f.slice(PAYMENT, true, null, false);
        f.slice(PAYMENT, true, false);
        f.slice(new ExportRef("secure", "billing"), true, true);
        f.slice(new ExportRef("other", "payment"), true);

        // When
        ExportEvent event = f.plan().events().get("cluster-1/secure/payment");

        // Then
        assertThat(event.readyEndpoints()).isEqualTo(3);
    }

    @Test
    void conflictConditionCarriesTheAggregatorsReasonAndMessage() {
        // Given: cluster-2 exported earlier over another policy
        PlannerFixture f = PlannerFixture.paymentExported();
        f.otherExport(remote("cluster-2", "ClusterSetIP", low("cluster-2"), HTTP));

        // When
        ExportPlan plan = f.plan();

        // Then
        ExportCondition conflict = condition(plan.decision(PAYMENT), "Conflict");
        assertThat(conflict.holds()).isTrue();
        assertThat(conflict.reason()).isEqualTo("WANPolicyConflict");
        assertThat(conflict.message()).contains("cluster-2 (oldest export)", "sd-wan-priority-low",
                "sd-wan-priority-high");
        assertThat(plan.conflictCount()).isEqualTo(1);
        assertThat(plan.events()).containsKey("cluster-1/secure/payment");
    }

    @Test
    void severalConflictsGiveEveryReasonAndEveryMessage() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.otherExport(remote("cluster-2", "Headless", low("cluster-2"), HTTP));

        // When
        ExportCondition conflict = condition(f.plan().decision(PAYMENT), "Conflict");

        // Then
        assertThat(conflict.reason()).isEqualTo("TypeConflict,WANPolicyConflict");
        assertThat(conflict.message()).contains("type conflict").contains("; WAN policy conflict");
    }

    @Test
    void ignoresThisClustersOwnEventsAndOtherServicesInTheExportsView() {
        // Given: the view holds a stale event of this cluster and a conflicting export of another service
        PlannerFixture f = PlannerFixture.paymentExported();
        f.otherExport(remote(CLUSTER, "Headless", low(CLUSTER), HTTP));
        f.otherExport(new ExportEvent("cluster-2", "secure", "billing", "Headless", "None", List.of(HTTP),
                ExportedPolicy.of(low("cluster-2")), "10.0.0.2", 1, CREATED.minusSeconds(60)));

        // When
        ExportCondition conflict = condition(f.plan().decision(PAYMENT), "Conflict");

        // Then
        assertThat(conflict.reason()).isEqualTo("NoConflicts");
    }

    @Test
    void aClusterThatLeftUnderItsOldIdPublishesNothingAndEveryExportSaysWhy() {
        // Given: exported, in conflict with cluster-2
        PlannerFixture f = PlannerFixture.paymentExported();
        f.otherExport(remote("cluster-2", "Headless", high("cluster-2"), HTTP));
        ExportPlan plan = f.plan();

        // When
        ExportPlan withdrawn = ExportPlanner.withdrawn(plan, "the cluster id changed from cluster-1 to east");

        // Then
        assertThat(withdrawn.events()).isEmpty();
        ExportDecision decision = withdrawn.decision(PAYMENT);
        assertThat(reasons(decision)).containsExactly("Valid", "AllPortsCarried", "Resolved", "NoConflicts",
                "ClusterIdChanged");
        assertThat(condition(decision, "Ready").message())
                .isEqualTo("withdrawn: the cluster id changed from cluster-1 to east");
    }

    @Test
    void samePlanWhateverTheOrderOfTheInputs() {
        // Given
        PlannerFixture ordered = manyExports();
        PlannerFixture shuffled = manyExports();
        Random random = new Random(7);
        Collections.shuffle(shuffled.exports, random);
        Collections.shuffle(shuffled.services, random);
        Collections.shuffle(shuffled.slices, random);

        // When
        ExportPlan a = ordered.plan();
        ExportPlan b = shuffled.plan();

        // Then
        assertThat(b).isEqualTo(a);
        assertThat(a.decisions()).extracting(d -> d.ref().toString()).containsExactly("a/svc-0", "a/svc-1",
                "a/svc-2", "b/svc-0", "b/svc-1", "b/svc-2");
        assertThat(a.exportedCount()).isEqualTo(4);
        assertThat(a.waitingCount()).isEqualTo(2);
    }

    private static PlannerFixture manyExports() {
        PlannerFixture f = new PlannerFixture();
        f.acceptedPolicy(high(CLUSTER));
        for (String ns : List.of("b", "a")) {
            for (int i = 2; i >= 0; i--) {
                ExportRef ref = new ExportRef(ns, "svc-" + i);
                f.export(ref, i == 1 ? "missing" : "sd-wan-priority-high", CREATED.plusSeconds(i));
                f.service(ref, "10.96.0." + i, HTTP);
                f.slice(ref, true, i == 0);
            }
        }
        return f;
    }

    private static List<String> reasons(ExportDecision decision) {
        List<String> out = new ArrayList<>();
        decision.conditions().forEach(c -> out.add(c.reason()));
        return out;
    }

    private static ExportCondition condition(ExportDecision decision, String type) {
        return decision.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
    }

    private static String annotationOf(String resource) throws IOException {
        try (InputStream in = ExportPlannerTest.class.getResourceAsStream("/" + resource)) {
            JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(in);
            return yaml.path("metadata").path("annotations").path("mcw.l7mp.io/mc-wan-policy").asText();
        }
    }
}

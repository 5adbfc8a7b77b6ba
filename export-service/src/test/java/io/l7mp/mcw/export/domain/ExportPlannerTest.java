package io.l7mp.mcw.export.domain;

import static io.l7mp.mcw.export.domain.PlannerFixture.CLUSTER;
import static io.l7mp.mcw.export.domain.PlannerFixture.CREATED;
import static io.l7mp.mcw.export.domain.PlannerFixture.HTTP;
import static io.l7mp.mcw.export.domain.PlannerFixture.PAYMENT;
import static io.l7mp.mcw.export.domain.PlannerFixture.high;
import static io.l7mp.mcw.export.domain.PlannerFixture.low;
import static io.l7mp.mcw.export.domain.PlannerFixture.named;
import static io.l7mp.mcw.export.domain.PlannerFixture.remote;
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

class ExportPlannerTest {

    /** One row: how the inputs differ from the exported example, and the decision and reasons expected. */
    record Case(String name, Consumer<PlannerFixture> change, boolean exported, String valid, String policy,
            String conflict) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("exported", f -> {
                }, true, "ServiceFound", "Resolved", "NoConflict"),
                new Case("Service missing", f -> f.services.clear(), false, "ServiceNotFound", "Resolved",
                        "NoConflict"),
                new Case("policy missing", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                }, false, "ServiceFound", "PolicyNotFound", "NoConflict"),
                new Case("policy present but not accepted", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                    f.localPolicy("sd-wan-priority-high", false, "spec.port is 70000, expected 1-65535");
                }, false, "ServiceFound", "PolicyNotAccepted", "NoConflict"),
                new Case("policy accepted only in another cluster", f -> {
                    f.policyEvents.clear();
                    f.policies.clear();
                    f.acceptedPolicy(high("cluster-2"));
                }, false, "ServiceFound", "PolicyNotFound", "NoConflict"),
                new Case("no annotation, no default policy", f -> {
                    f.exports.clear();
                    f.export(PAYMENT, null, CREATED);
                }, false, "ServiceFound", "PolicyNotSpecified", "NoConflict"),
                new Case("no annotation, default policy", f -> {
                    f.exports.clear();
                    f.export(PAYMENT, null, CREATED);
                    f.defaultPolicy = java.util.Optional.of("sd-wan-priority-high");
                }, true, "ServiceFound", "Resolved", "NoConflict"),
                new Case("Service missing, policy accepted but not yet published", f -> {
                    f.services.clear();
                    f.policyEvents.clear();
                }, false, "ServiceNotFound", "PolicyNotAccepted", "NoConflict"),
                new Case("port conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "ClusterSetIP",
                        high("cluster-2"), new ExportPort("http", "TCP", null, 9090))), true, "ServiceFound",
                        "Resolved", "PortConflict"),
                new Case("type conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "Headless",
                        high("cluster-2"), HTTP)), true, "ServiceFound", "Resolved", "TypeConflict"),
                new Case("WAN policy conflict with cluster-2", f -> f.otherExport(remote("cluster-2", "ClusterSetIP",
                        low("cluster-2"), HTTP)), true, "ServiceFound", "Resolved", "WANPolicyConflict"),
                new Case("cluster-2 agrees", f -> f.otherExport(remote("cluster-2", "ClusterSetIP", high("cluster-2"),
                        HTTP)), true, "ServiceFound", "Resolved", "NoConflict"));
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
        assertThat(decision.conditions()).extracting(ExportCondition::type).containsExactly("Valid",
                "WANPolicyResolved", "Conflict", "Ready");
        assertThat(reasons(decision)).containsExactly(c.valid(), c.policy(), c.conflict(),
                c.exported() ? "Exported" : "Waiting");
        assertThat(condition(decision, "Ready").status()).isEqualTo(c.exported());
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
        ExportCondition valid = condition(f.plan().decision(PAYMENT), "Valid");

        // Then
        assertThat(valid.status()).isFalse();
        assertThat(valid.message()).startsWith("Service secure/payment not found");
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
        assertThat(conflict.status()).isTrue();
        assertThat(conflict.reason()).isEqualTo("WANPolicyConflict");
        assertThat(conflict.message()).contains("cluster-2 (oldest export)", "sd-wan-priority-low",
                "sd-wan-priority-high");
        assertThat(plan.conflictCount()).isEqualTo(1);
        assertThat(plan.events()).containsKey("cluster-1/secure/payment");
    }

    @Test
    void severalConflictsGiveTheFirstReasonAndEveryMessage() {
        // Given
        PlannerFixture f = PlannerFixture.paymentExported();
        f.otherExport(remote("cluster-2", "Headless", low("cluster-2"), HTTP));

        // When
        ExportCondition conflict = condition(f.plan().decision(PAYMENT), "Conflict");

        // Then
        assertThat(conflict.reason()).isEqualTo("TypeConflict");
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
        assertThat(conflict.reason()).isEqualTo("NoConflict");
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

package io.l7mp.mcw.policy;

import static io.l7mp.mcw.policy.PolicyTopicRecords.header;
import static io.l7mp.mcw.policy.PolicyTopicRecords.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service against a real Kafka broker and an API server: the seed's WANPolicies in, statuses and
 * policy events out. The tests build on each other (one service instance, one API server), in order.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(value = PreviousRunResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyServiceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String HIGH = "cluster-1/sd-wan-priority-high";
    private static final String LOW = "cluster-1/sd-wan-priority-low";
    private static final String TAKEN = "cluster-1/port-taken";

    @InjectApiServer
    ApiServer server;

    @Inject
    MeterRegistry registry;

    private static KubernetesClient client;
    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = KafkaResource.bootstrapServers();
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void restartTombstonesPoliciesDeletedWhileDownAndRepublishesNothing() {
        // Given the API and the topic as PreviousRunResource left them before the service started

        // When the service has caught up / Then
        awaitAccepted("survivor", "True", "Valid", 1L, "tunnel mpls on port 31117 is accepted");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES,
                PreviousRunResource.STALE_KEY)).hasSize(2).last().extracting(ConsumerRecord::value).isNull());
        assertThat(withKey(bootstrap, Topics.POLICIES, PreviousRunResource.FOREIGN_KEY)).hasSize(1);
        assertThat(withKey(bootstrap, Topics.POLICIES, PreviousRunResource.SURVIVOR_KEY)).hasSize(1);
        assertThat(withKey(bootstrap, Topics.POLICIES, PreviousRunResource.GARBAGE_KEY)).hasSize(1);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.DEAD_LETTER,
                PreviousRunResource.GARBAGE_KEY)).isNotEmpty());
    }

    @Test
    @Order(2)
    void seedPoliciesAreAcceptedAndPublishedAndBadOnesRejected() {
        // Given the valid seed policies, then (in a later second, so that they are younger) the invalid ones
        WANPolicy high = apply("/examples/wanpolicies.yaml", "sd-wan-priority-high");
        long createdSecond = Instant.parse(high.getMetadata().getCreationTimestamp()).getEpochSecond();
        await().atMost(TIMEOUT).until(() -> Instant.now().getEpochSecond() > createdSecond);

        // When
        apply("/examples/wanpolicies-invalid.yaml", "no-tunnel");

        // Then statuses
        awaitAccepted("sd-wan-priority-high", "True", "Valid", 1L, "tunnel business on port 31111 is accepted");
        awaitAccepted("sd-wan-priority-low", "True", "Valid", 1L, "tunnel internet on port 31112 is accepted");
        awaitAccepted("port-out-of-range", "False", "InvalidPort", 1L, "spec.port is 70000, expected 1-65535");
        awaitAccepted("negative-sla", "False", "InvalidSLA", 1L, "spec.sla.latency-ms is -5, expected >= 0");
        awaitAccepted("port-taken", "False", "PortConflict", 1L, "WANPolicy sd-wan-priority-high holds it for tunnel business");
        awaitAccepted("no-tunnel", "False", "MissingTunnel", 1L, "spec.tunnel is missing");

        // Then events: one per accepted policy, nothing for the rejected ones
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(withKey(bootstrap, Topics.POLICIES, HIGH)).hasSize(1);
            assertThat(withKey(bootstrap, Topics.POLICIES, LOW)).hasSize(1);
        });
        ConsumerRecord<String, byte[]> record = withKey(bootstrap, Topics.POLICIES, HIGH).get(0);
        assertThat(header(record, "ce_type")).isEqualTo("io.l7mp.mcw.policy.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/clusters/cluster-1/policy-service");
        assertThat(header(record, "ce_subject")).isEqualTo(HIGH);
        assertThat(EventJson.read(record.value(), PolicyEvent.class)).isEqualTo(new PolicyEvent("cluster-1",
                "sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1));
        assertThat(EventJson.read(withKey(bootstrap, Topics.POLICIES, LOW).get(0).value(), PolicyEvent.class).tunnel())
                .isEqualTo("internet");
        for (String rejected : List.of("port-out-of-range", "negative-sla", "port-taken", "no-tunnel")) {
            assertThat(withKey(bootstrap, Topics.POLICIES, "cluster-1/" + rejected)).isEmpty();
        }
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(gauge("accepted")).isEqualTo(3.0); // the two seeds and the previous run's survivor
            assertThat(gauge("rejected")).isEqualTo(4.0);
        });
    }

    @Test
    @Order(3)
    void unchangedPoliciesAreNotPublishedAgain() {
        // Given a change that triggers a pass but changes no spec, then a new policy as a marker
        client().resources(WANPolicy.class).withName("sd-wan-priority-low")
                .edit(p -> {
                    p.getMetadata().setLabels(Map.of("team", "payments"));
                    return p;
                });

        // When
        YamlApplier.apply(client(), """
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata:
                  name: marker
                spec:
                  tunnel: mpls
                  port: 31113
                """);

        // Then by the time the marker is published, the label change has been reconciled without a record,
        // and the previous run's policy has still not been published again
        await().atMost(TIMEOUT).untilAsserted(
                () -> assertThat(withKey(bootstrap, Topics.POLICIES, "cluster-1/marker")).hasSize(1));
        assertThat(withKey(bootstrap, Topics.POLICIES, LOW)).hasSize(1);
        assertThat(withKey(bootstrap, Topics.POLICIES, HIGH)).hasSize(1);
        assertThat(withKey(bootstrap, Topics.POLICIES, PreviousRunResource.SURVIVOR_KEY)).hasSize(1);
    }

    @Test
    @Order(4)
    void deletingTheHolderTombstonesItAndFreesThePortForTheConflictingPolicy() {
        // When
        client().resources(WANPolicy.class).withName("sd-wan-priority-high").delete();

        // Then
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES, HIGH)).hasSize(2)
                .last().satisfies(r -> {
                    assertThat(r.value()).isNull();
                    assertThat(header(r, "ce_type")).isEqualTo("io.l7mp.mcw.policy.v1");
                }));
        awaitAccepted("port-taken", "True", "Valid", 1L, "tunnel internet on port 31111 is accepted");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES, TAKEN)).hasSize(1)
                .first().extracting(r -> EventJson.read(r.value(), PolicyEvent.class).port()).isEqualTo(31111));
    }

    @Test
    @Order(5)
    void changingThePortToAnInvalidOneRejectsAndTombstones() {
        // When
        client().resources(WANPolicy.class).withName("sd-wan-priority-low").edit(p -> {
            p.getSpec().setPort(70000);
            return p;
        });

        // Then
        WANPolicy low = awaitAccepted("sd-wan-priority-low", "False", "InvalidPort", null,
                "spec.port is 70000, expected 1-65535");
        Long generation = low.getMetadata().getGeneration();
        assertThat(low.getStatus().getObservedGeneration()).isEqualTo(generation);
        assertThat(accepted(low).getObservedGeneration()).isEqualTo(generation);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES, LOW)).hasSize(2)
                .last().extracting(ConsumerRecord::value).isNull());
        assertThat(registry.find("mcw_events_published_total").tag("topic", Topics.POLICIES).counter().count())
                .isGreaterThanOrEqualTo(6.0);
    }

    @Test
    @Order(9)
    void aPolicyThatCannotBeReadIsRefusedWithItsFieldAndEveryOtherPolicyIsStillProcessed() {
        // Given: a WANPolicy whose port is a word, as an API server without the CRD's schema lets through
        var untyped = client().genericKubernetesResources("mcw.l7mp.io/v1alpha1", "WANPolicy");
        untyped.resource(new GenericKubernetesResourceBuilder().withApiVersion("mcw.l7mp.io/v1alpha1")
                .withKind("WANPolicy").withNewMetadata().withName("worded-port").endMetadata()
                .addToAdditionalProperties("spec", Map.of("tunnel", "premium", "port", "high")).build()).create();

        // When: a valid policy comes after it
        YamlApplier.apply(client(), """
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata: {name: after-the-bad-one}
                spec: {tunnel: backup, port: 31190}
                """);

        // Then: the valid one is accepted and published, the bad one refused with the field on its own status
        awaitAccepted("after-the-bad-one", "True", "Valid", null, "tunnel backup on port 31190 is accepted");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES,
                "cluster-1/after-the-bad-one")).hasSize(1));
        await().atMost(TIMEOUT).untilAsserted(() -> {
            Map<?, ?> status = (Map<?, ?>) untyped.withName("worded-port").get().getAdditionalProperties()
                    .get("status");
            assertThat(status).isNotNull();
            Map<?, ?> condition = (Map<?, ?>) ((List<?>) status.get("conditions")).get(0);
            assertThat(condition.get("type")).isEqualTo("Accepted");
            assertThat(condition.get("status")).isEqualTo("False");
            assertThat(condition.get("reason")).isEqualTo("Unreadable");
            assertThat((String) condition.get("message")).startsWith("cannot be read: spec.port: ").contains("high");
        });
        assertThat(withKey(bootstrap, Topics.POLICIES, "cluster-1/worded-port")).isEmpty();
    }

    private KubernetesClient client() {
        if (client == null) {
            client = server.client();
        }
        return client;
    }

    private WANPolicy apply(String resource, String name) {
        try {
            YamlApplier.apply(client(), Path.of(getClass().getResource(resource).toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return client().resources(WANPolicy.class).withName(name).get();
    }

    /** Waits for the Accepted condition; a null generation means "the policy's current generation". */
    private WANPolicy awaitAccepted(String name, String status, String reason, Long generation, String message) {
        return await().atMost(TIMEOUT).until(() -> client().resources(WANPolicy.class).withName(name).get(), p -> {
            Condition c = p == null ? null : accepted(p);
            if (c == null) {
                return false;
            }
            Long expected = generation == null ? p.getMetadata().getGeneration() : generation;
            return status.equals(c.getStatus()) && reason.equals(c.getReason()) && c.getMessage().contains(message)
                    && Objects.equals(c.getObservedGeneration(), expected)
                    && Objects.equals(p.getStatus().getObservedGeneration(), expected)
                    && c.getLastTransitionTime() != null;
        });
    }

    private static Condition accepted(WANPolicy p) {
        if (p.getStatus() == null) {
            return null;
        }
        return p.getStatus().getConditions().stream().filter(c -> "Accepted".equals(c.getType())).findFirst()
                .orElse(null);
    }

    private double gauge(String state) {
        return registry.find("mcw_policies").tag("state", state).gauge().value();
    }
}

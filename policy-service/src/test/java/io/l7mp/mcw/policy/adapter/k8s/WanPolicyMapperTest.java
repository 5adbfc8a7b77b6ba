package io.l7mp.mcw.policy.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.crd.WANPolicyStatus;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.policy.domain.AcceptedCondition;
import io.l7mp.mcw.policy.domain.PolicyDefinition;
import io.l7mp.mcw.policy.domain.PolicyStatus;

class WanPolicyMapperTest {
    private static final String YAML = """
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata:
              name: full
              generation: 4
              creationTimestamp: "2026-01-01T00:00:00Z"
            spec:
              tunnel: business
              port: 31111
              dscp: 46
              sla:
                latency-ms: 100
                jitter-ms: 50
                loss-percent: 1.5
              failover:
                policies: [sd-wan-priority-low]
                hold-down-seconds: 30
            """;

    @Test
    void mapsEverySpecField() {
        // Given
        WANPolicy policy = Serialization.unmarshal(YAML, WANPolicy.class);

        // When
        PolicyDefinition definition = WanPolicyMapper.definition(policy);

        // Then
        assertThat(definition).isEqualTo(new PolicyDefinition("full", Instant.parse("2026-01-01T00:00:00Z"), 4L,
                "business", 31111, new Sla(100.0, 50.0, 1.5), 46, List.of("sd-wan-priority-low"), 30));
    }

    @Test
    void policyWithoutSpecOrGenerationMapsToMissingFields() {
        // Given
        WANPolicy policy = new WANPolicy();
        policy.setMetadata(new ObjectMetaBuilder().withName("empty").withCreationTimestamp("not a time").build());

        // When
        PolicyDefinition definition = WanPolicyMapper.definition(policy);

        // Then
        assertThat(definition.port()).isNull();
        assertThat(definition.tunnel()).isNull();
        assertThat(definition.generation()).isNull();
        assertThat(definition.createdAt()).isNull();
        assertThat(definition.failover()).isEmpty();
    }

    @Test
    void statusRoundTripsAndKeepsOtherConditions() {
        // Given a policy with a condition some other controller wrote
        WANPolicy policy = Serialization.unmarshal(YAML, WANPolicy.class);
        WANPolicyStatus status = new WANPolicyStatus();
        status.getConditions().add(new ConditionBuilder().withType("Programmed").withStatus("True").build());
        policy.setStatus(status);
        PolicyStatus wanted = new PolicyStatus(4L, new AcceptedCondition("False", "InvalidDSCP",
                "spec.dscp is 64, expected 0-63", 4L, Instant.parse("2026-01-01T00:00:01Z")));

        // When
        WANPolicy updated = WanPolicyMapper.withStatus(policy, wanted);

        // Then
        assertThat(WanPolicyMapper.observed(updated).status()).isEqualTo(wanted);
        assertThat(updated.getStatus().getConditions()).extracting("type").containsExactly("Accepted", "Programmed");
        assertThat(updated.getStatus().getConditions().get(0).getLastTransitionTime())
                .isEqualTo("2026-01-01T00:00:01Z");
        assertThat(policy.getStatus().getConditions()).hasSize(1);
    }
}

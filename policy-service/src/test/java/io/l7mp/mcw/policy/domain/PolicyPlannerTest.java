package io.l7mp.mcw.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;

class PolicyPlannerTest {
    private static final String CLUSTER = "cluster-1";
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void desiredEventsAreTheAcceptedPolicies() {
        // Given
        Map<String, Verdict> verdicts = PolicyValidator.validate(ExamplePolicies.all());

        // When
        Map<String, PolicyEvent> desired = PolicyPlanner.desired(CLUSTER, verdicts);

        // Then (the example YAML has no metadata.generation: published as 0)
        assertThat(desired).containsOnlyKeys("cluster-1/sd-wan-priority-high", "cluster-1/sd-wan-priority-low");
        assertThat(desired.get("cluster-1/sd-wan-priority-high")).isEqualTo(new PolicyEvent(CLUSTER,
                "sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0), null, List.of(), null, 0));
    }

    @Test
    void missingGenerationIsPublishedAsZero() {
        // Given
        PolicyDefinition p = PolicyDefinition.of("p", T0, "business", 1).withGeneration(null);

        // When
        PolicyEvent event = PolicyPlanner.event(CLUSTER, p);

        // Then
        assertThat(event.generation()).isZero();
        assertThat(event.sla()).isEqualTo(Sla.BEST_EFFORT);
    }

    @Test
    void nothingChangesWhenTheTopicHoldsTheDesiredEvents() {
        // Given
        Map<String, PolicyEvent> desired = Map.of("cluster-1/a", event("a", 1));

        // When
        List<PolicyChange> changes = PolicyPlanner.changes(CLUSTER, desired, Map.of("cluster-1/a", event("a", 1)));

        // Then
        assertThat(changes).isEmpty();
    }

    @Test
    void publishesNewAndChangedEventsAndTombstonesOnlyOwnStaleKeys() {
        // Given
        Map<String, PolicyEvent> desired = Map.of("cluster-1/new", event("new", 1), "cluster-1/changed",
                event("changed", 2));
        Map<String, PolicyEvent> actual = Map.of("cluster-1/changed", event("changed", 1), "cluster-1/gone",
                event("gone", 1), "cluster-2/other", new PolicyEvent("cluster-2", "other", "business", 1, null, null,
                        null, null, 1),
                "cluster-10/similar-prefix", new PolicyEvent("cluster-10", "similar-prefix", "business", 1, null,
                        null, null, null, 1));

        // When
        List<PolicyChange> changes = PolicyPlanner.changes(CLUSTER, desired, actual);

        // Then
        assertThat(changes).containsExactly(new PolicyChange.Publish(event("changed", 2)),
                new PolicyChange.Tombstone("cluster-1/gone"), new PolicyChange.Publish(event("new", 1)));
    }

    @Test
    void ownKeyMatchesOnlyThisClustersPolicyKeys() {
        assertThat(PolicyPlanner.ownKey(CLUSTER, "cluster-1/a")).isTrue();
        assertThat(PolicyPlanner.ownKey(CLUSTER, "cluster-10/a")).isFalse();
        assertThat(PolicyPlanner.ownKey(CLUSTER, "cluster-1/ns/a")).isFalse();
        assertThat(PolicyPlanner.ownKey(CLUSTER, "cluster-2/a")).isFalse();
    }

    private static PolicyEvent event(String name, int port) {
        return new PolicyEvent(CLUSTER, name, "business", port, null, null, null, null, 1);
    }
}

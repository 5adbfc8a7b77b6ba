package io.l7mp.mcw.gateway.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.domain.L7Kind;
import io.l7mp.mcw.gateway.domain.ObjectRef;
import io.l7mp.mcw.gateway.domain.ParentRef;
import io.l7mp.mcw.gateway.domain.RouteStatus;

/** How the gateway's entries of an HTTPRoute's {@code status.parents} are merged with what is there. */
class RouteStatusJsonTest {
    private static final Instant T1 = Instant.parse("2026-03-01T10:00:00.123Z");
    private static final Instant T2 = Instant.parse("2026-03-01T11:00:00Z");
    private static final ObjectRef ROUTE = new ObjectRef(L7Kind.HTTP_ROUTE, "secure", "payment");
    private static final ParentRef PARENT = new ParentRef("", "Service", null, "payment", null, 8080);
    private static final RouteStatus.Condition RESOLVED = new RouteStatus.Condition("ResolvedRefs", true,
            "ResolvedRefs", "every backendRef names a service port imported here");
    /** What an ingress controller wrote for its Gateway parent: never touched. */
    private static final Map<String, Object> FOREIGN = Map.of("parentRef", Map.of("name", "public"),
            "controllerName", "example.com/ingress", "conditions", List.of(Map.of("type", "Accepted",
                    "status", "True")));

    @Test
    void writesOneEntryPerParentWithBothConditionsBesideOtherControllersEntries() {
        // When
        List<Map<String, Object>> parents = RouteStatusJson.merge(List.of(FOREIGN), status(3L, "Accepted", true),
                T1);

        // Then
        assertThat(parents).hasSize(2).first().isEqualTo(FOREIGN);
        assertThat(parents.get(1)).containsEntry("controllerName", "mcw.l7mp.io/gateway")
                .containsEntry("parentRef", Map.of("group", "", "kind", "Service", "name", "payment", "port", 8080));
        assertThat(parents.get(1).get("conditions")).asList().containsExactly(
                Map.of("type", "Accepted", "status", "True", "observedGeneration", 3L, "lastTransitionTime",
                        "2026-03-01T10:00:00Z", "reason", "Accepted", "message", "routed"),
                Map.of("type", "ResolvedRefs", "status", "True", "observedGeneration", 3L, "lastTransitionTime",
                        "2026-03-01T10:00:00Z", "reason", "ResolvedRefs", "message",
                        "every backendRef names a service port imported here"));
    }

    @Test
    void aConditionKeepsItsTransitionTimeUntilItsStatusChanges() {
        // Given
        List<Map<String, Object>> first = RouteStatusJson.merge(List.of(), status(3L, "Accepted", true), T1);

        // When: a new generation, same status; then a refusal
        List<Map<String, Object>> same = RouteStatusJson.merge(first, status(4L, "Accepted", true), T2);
        List<Map<String, Object>> refused = RouteStatusJson.merge(same, status(5L, "UnsupportedValue", false), T2);

        // Then
        assertThat(RouteStatusJson.same(first, same)).isFalse();
        assertThat(condition(same, 0)).containsEntry("lastTransitionTime", "2026-03-01T10:00:00Z")
                .containsEntry("observedGeneration", 4L);
        assertThat(condition(refused, 0)).containsEntry("lastTransitionTime", "2026-03-01T11:00:00Z")
                .containsEntry("status", "False").containsEntry("reason", "UnsupportedValue");
        assertThat(condition(refused, 1)).containsEntry("lastTransitionTime", "2026-03-01T10:00:00Z");
    }

    @Test
    void nothingChangesWhenTheStatusIsTheSameWhateverTheNumberTypes() {
        // Given: as the API server gives it back (small numbers read as Integer)
        List<Map<String, Object>> written = RouteStatusJson.merge(List.of(), status(3L, "Accepted", true), T1);
        List<Map<String, Object>> readBack = RouteStatusJson.parents(Map.of("parents", written.stream()
                .map(RouteStatusJsonTest::withIntegerGeneration).toList()));

        // When
        List<Map<String, Object>> again = RouteStatusJson.merge(readBack, status(3L, "Accepted", true), T2);

        // Then
        assertThat(RouteStatusJson.same(readBack, again)).isTrue();
    }

    @Test
    void aRouteTheGatewayNoLongerHandlesLosesOnlyTheGatewaysEntries() {
        // Given
        List<Map<String, Object>> both = RouteStatusJson.merge(List.of(FOREIGN), status(3L, "Accepted", true), T1);

        // When
        List<Map<String, Object>> after = RouteStatusJson.merge(both, null, T2);

        // Then
        assertThat(after).containsExactly(FOREIGN);
    }

    private static RouteStatus status(Long generation, String reason, boolean accepted) {
        RouteStatus.Condition condition = accepted ? RouteStatus.Condition.accepted("routed")
                : RouteStatus.Condition.notAccepted(reason, "refused");
        return new RouteStatus(ROUTE, generation, List.of(new RouteStatus.ParentStatus(PARENT, condition,
                RESOLVED)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(List<Map<String, Object>> parents, int index) {
        return ((List<Map<String, Object>>) parents.get(0).get("conditions")).get(index);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withIntegerGeneration(Map<String, Object> parent) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(parent);
        copy.put("conditions", ((List<Map<String, Object>>) parent.get("conditions")).stream().map(c -> {
            Map<String, Object> condition = new java.util.LinkedHashMap<>(c);
            condition.put("observedGeneration", ((Long) c.get("observedGeneration")).intValue());
            return condition;
        }).toList());
        return copy;
    }
}

package io.l7mp.mcw.export.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.l7mp.mcw.export.domain.ExportCondition;

class StatusConditionsTest {
    private static final Instant EARLIER = Instant.parse("2026-11-27T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-27T11:00:00.123Z");

    @Test
    void keepsLastTransitionTimeWhileTheStatusStaysTheSame() {
        // Given
        List<Condition> current = StatusConditions.merge(List.of(),
                List.of(ExportCondition.isFalse("Valid", "NoService", "Service a/b not found")), 1L, EARLIER);

        // When: the message changes, the status does not
        List<Condition> merged = StatusConditions.merge(current,
                List.of(ExportCondition.isFalse("Valid", "NoService", "Service a/b still not found")), 2L, NOW);

        // Then
        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(merged.get(0).getObservedGeneration()).isEqualTo(2L);
        assertThat(StatusConditions.unchanged(current, merged)).isFalse();
    }

    @Test
    void movesLastTransitionTimeWhenTheStatusFlips() {
        // Given
        List<Condition> current = StatusConditions.merge(List.of(),
                List.of(ExportCondition.isFalse("Valid", "NoService", "Service a/b not found")), 1L, EARLIER);

        // When
        List<Condition> merged = StatusConditions.merge(current,
                List.of(ExportCondition.isTrue("Valid", "Valid", "Service a/b exists")), 1L, NOW);

        // Then
        assertThat(merged.get(0).getStatus()).isEqualTo("True");
        assertThat(merged.get(0).getLastTransitionTime()).isEqualTo("2026-11-27T11:00:00Z");
    }

    @Test
    void sameDesiredConditionsChangeNothingAndForeignConditionsAreKept() {
        // Given
        Condition foreign = new ConditionBuilder().withType("Synced").withStatus("True").withReason("ByOther")
                .withMessage("m").withLastTransitionTime("2026-01-01T00:00:00Z").build();
        List<ExportCondition> desired = List.of(ExportCondition.isTrue("Valid", "Valid", "Service a/b exists"));
        List<Condition> current = StatusConditions.merge(List.of(foreign), desired, 3L, EARLIER);

        // When
        List<Condition> merged = StatusConditions.merge(current, desired, 3L, NOW);

        // Then
        assertThat(merged).extracting(Condition::getType).containsExactly("Valid", "Synced");
        assertThat(StatusConditions.unchanged(current, merged)).isTrue();
    }

    @Test
    void anUnknownConditionIsWrittenAsUnknown() {
        // When
        List<Condition> merged = StatusConditions.merge(List.of(), List.of(ExportCondition.unknown("PortsCarried",
                "NoService", "not checked: Service a/b not found")), 1L, NOW);

        // Then
        assertThat(merged).singleElement().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getReason()).isEqualTo("NoService");
        });
    }
}

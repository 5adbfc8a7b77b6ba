package io.l7mp.mcw.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StatusPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void firstStatusOfAnAcceptedPolicy() {
        // Given
        Verdict verdict = new Verdict.Accepted(PolicyDefinition.of("p", T0, "business", 31111).withGeneration(3L));

        // When
        Optional<PolicyStatus> next = StatusPlanner.next(verdict, PolicyStatus.NONE, NOW);

        // Then
        assertThat(next).contains(new PolicyStatus(3L, new AcceptedCondition("True", "Valid",
                "tunnel business on port 31111 is accepted", 3L, Instant.parse("2026-01-02T03:04:05Z"))));
    }

    @Test
    void unchangedStatusIsNotWrittenAgain() {
        // Given
        Verdict verdict = rejected(2L);
        PolicyStatus current = StatusPlanner.next(verdict, PolicyStatus.NONE, T0).orElseThrow();

        // When
        Optional<PolicyStatus> next = StatusPlanner.next(verdict, current, NOW);

        // Then
        assertThat(next).isEmpty();
    }

    @Test
    void newGenerationWithSameStatusKeepsTransitionTime() {
        // Given
        PolicyStatus current = StatusPlanner.next(rejected(1L), PolicyStatus.NONE, T0).orElseThrow();

        // When
        PolicyStatus next = StatusPlanner.next(rejected(2L), current, NOW).orElseThrow();

        // Then
        assertThat(next.observedGeneration()).isEqualTo(2L);
        assertThat(next.accepted().observedGeneration()).isEqualTo(2L);
        assertThat(next.accepted().lastTransitionTime()).isEqualTo(T0);
    }

    @Test
    void flipToAcceptedMovesTransitionTime() {
        // Given
        PolicyStatus current = StatusPlanner.next(rejected(1L), PolicyStatus.NONE, T0).orElseThrow();
        Verdict accepted = new Verdict.Accepted(PolicyDefinition.of("p", T0, "business", 31111));

        // When
        PolicyStatus next = StatusPlanner.next(accepted, current, NOW).orElseThrow();

        // Then
        assertThat(next.accepted().status()).isEqualTo("True");
        assertThat(next.accepted().lastTransitionTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void missingGenerationStaysMissing() {
        // Given
        Verdict verdict = new Verdict.Accepted(PolicyDefinition.of("p", T0, "business", 1).withGeneration(null));

        // When
        PolicyStatus next = StatusPlanner.next(verdict, PolicyStatus.NONE, NOW).orElseThrow();

        // Then
        assertThat(next.observedGeneration()).isNull();
        assertThat(next.accepted().observedGeneration()).isNull();
    }

    private static Verdict rejected(Long generation) {
        return new Verdict.Rejected(PolicyDefinition.of("p", T0, "business", 70000).withGeneration(generation),
                List.of(new Problem(Reason.INVALID_PORT, "spec.port is 70000, expected 1-65535")));
    }
}

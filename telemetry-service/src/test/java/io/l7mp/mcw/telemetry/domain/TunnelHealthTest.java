package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

class TunnelHealthTest {
    static final Clock CREATED = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    static final Clock SETUP = Clock.offset(CREATED, Duration.ofSeconds(5));
    static final Clock NOW = Clock.offset(CREATED, Duration.ofSeconds(9));
    static final TunnelPolicy HIGH = new TunnelPolicy("sd-wan-priority-high", new Sla(100.0, null, null), true);

    /** The defaults, the SLA judged from the first probe: the transitions below need not count samples. */
    static final ProbeSettings AT_ONCE = new ProbeSettings(Duration.ofMillis(20), 5, 3, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(2), 500, 250, 0.1, 0);

    final TunnelHealth health = new TunnelHealth(AT_ONCE, CREATED.instant());

    @ParameterizedTest(name = "{0} + run lost {1}, answered {2}, ever {3}, rtt {4} ms -> {5}: {6}")
    @CsvSource(delimiter = '|', value = {
            "UNKNOWN  | 0 | 0 | false | 0   | UNKNOWN  | no probe answered yet",
            "UNKNOWN  | 4 | 0 | false | 0   | UNKNOWN  | no probe answered yet, 4 probes in a row lost",
            "UNKNOWN  | 5 | 0 | false | 0   | DOWN     | 5 probes in a row lost",
            "UNKNOWN  | 0 | 1 | true  | 50  | UP       | meets the SLA of every policy that uses it",
            "UNKNOWN  | 0 | 1 | true  | 120 | DEGRADED | breaks the SLA of sd-wan-priority-high: latency 120 ms > 100 ms",
            "UNKNOWN  | 2 | 0 | true  | 50  | UP       | meets the SLA of every policy that uses it",
            "UP       | 4 | 0 | true  | 50  | UP       | meets the SLA of every policy that uses it",
            "UP       | 5 | 0 | true  | 50  | DOWN     | 5 probes in a row lost",
            "UP       | 0 | 9 | true  | 120 | DEGRADED | breaks the SLA of sd-wan-priority-high: latency 120 ms > 100 ms",
            "UP       | 0 | 9 | true  | 95  | UP       | meets the SLA of every policy that uses it",
            "DEGRADED | 0 | 9 | true  | 89  | UP       | meets the SLA of every policy that uses it",
            "DEGRADED | 0 | 9 | true  | 95  | DEGRADED | breaks the SLA of sd-wan-priority-high: latency 95 ms > 90 ms (recovery margin 10 %)",
            "DEGRADED | 6 | 0 | true  | 95  | DOWN     | 6 probes in a row lost",
            "DOWN     | 7 | 0 | true  | 50  | DOWN     | 7 probes in a row lost",
            "DOWN     | 1 | 0 | true  | 50  | DOWN     | 1 probe in a row lost",
            "DOWN     | 0 | 2 | true  | 50  | DOWN     | 2 probes answered in a row, 3 needed to leave DOWN",
            "DOWN     | 0 | 3 | true  | 50  | UP       | meets the SLA of every policy that uses it",
            "DOWN     | 0 | 3 | true  | 120 | DEGRADED | breaks the SLA of sd-wan-priority-high: latency 120 ms > 100 ms" })
    void transitions(TunnelState from, int lostRun, int answeredRun, boolean everAnswered, double rttMs,
            TunnelState expected, String reason) {
        // Given
        driveTo(from);
        Instant sinceBefore = health.since();

        // When
        TunnelAssessment assessment = health.evaluate(status(lostRun, answeredRun, everAnswered, rttMs),
                List.of(HIGH), NOW.instant());

        // Then
        assertThat(assessment.state()).isEqualTo(expected);
        assertThat(assessment.reason()).isEqualTo(reason);
        assertThat(assessment.since()).isEqualTo(expected == from ? sinceBefore : NOW.instant());
        assertThat(assessment.measuredAt()).isEqualTo(NOW.instant());
        assertThat(health.state()).isEqualTo(expected);
    }

    @Test
    void everyPolicyGetsAVerdictButOnlyThoseUsingTheTunnelDegradeIt() {
        // Given
        TunnelPolicy strictElsewhere = new TunnelPolicy("sd-wan-low-latency", new Sla(30.0, null, null), false);

        // When
        TunnelAssessment assessment = health.evaluate(status(0, 1, true, 50), List.of(HIGH, strictElsewhere),
                NOW.instant());

        // Then
        assertThat(assessment.state()).isEqualTo(TunnelState.UP);
        assertThat(assessment.verdicts()).containsExactly(new SlaVerdict("sd-wan-priority-high", true, List.of()),
                new SlaVerdict("sd-wan-low-latency", false, List.of("latency 50 ms > 30 ms")));
    }

    @Test
    void theReasonNamesEveryBrokenPolicyThatUsesTheTunnel() {
        // Given
        TunnelPolicy lossy = new TunnelPolicy("sd-wan-business", new Sla(null, 1.0, 0.5), true);
        ProbeStatus status = new ProbeStatus(new TunnelFigures(120, 130, 2, 3, 500), 0, 4, true);

        // When
        TunnelAssessment assessment = health.evaluate(status, List.of(HIGH, lossy), NOW.instant());

        // Then
        assertThat(assessment.state()).isEqualTo(TunnelState.DEGRADED);
        assertThat(assessment.reason()).isEqualTo("breaks the SLA of sd-wan-priority-high: latency 120 ms > 100 ms;"
                + " of sd-wan-business: jitter 2 ms > 1 ms, loss 3 % > 0.5 %");
    }

    @Test
    void aDownTunnelBreaksEveryPolicy() {
        // Given
        TunnelPolicy other = new TunnelPolicy("sd-wan-business", Sla.BEST_EFFORT, false);

        // When
        TunnelAssessment assessment = health.evaluate(status(5, 0, true, 10), List.of(HIGH, other), NOW.instant());

        // Then
        assertThat(assessment.verdicts()).containsExactly(
                new SlaVerdict("sd-wan-priority-high", false, List.of("tunnel DOWN: 5 probes in a row lost")),
                new SlaVerdict("sd-wan-business", false, List.of("tunnel DOWN: 5 probes in a row lost")));
    }

    @Test
    void anUnknownTunnelIsGivenTheBenefitOfTheDoubt() {
        // Given
        ProbeStatus nothingYet = status(2, 0, false, 0);

        // When
        TunnelAssessment assessment = health.evaluate(nothingYet, List.of(HIGH), NOW.instant());

        // Then
        assertThat(assessment.state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(assessment.since()).isEqualTo(CREATED.instant());
        assertThat(assessment.verdicts()).containsExactly(new SlaVerdict("sd-wan-priority-high", true, List.of()));
    }

    @Test
    void recoveryMarginIsKeptPerPolicy() {
        // Given: two policies on the tunnel; 150 ms breaks only the 100 ms one
        TunnelPolicy relaxed = new TunnelPolicy("sd-wan-relaxed", new Sla(200.0, null, null), true);
        health.evaluate(status(0, 1, true, 150), List.of(HIGH, relaxed), SETUP.instant());

        // When: 95 ms meets both bounds, but not the high one with its margin
        TunnelAssessment hovering = health.evaluate(status(0, 2, true, 95), List.of(HIGH, relaxed), NOW.instant());
        TunnelAssessment recovered = health.evaluate(status(0, 3, true, 90), List.of(HIGH, relaxed), NOW.instant());

        // Then
        assertThat(hovering.state()).isEqualTo(TunnelState.DEGRADED);
        assertThat(hovering.verdicts()).extracting(SlaVerdict::satisfied).containsExactly(false, true);
        assertThat(recovered.state()).isEqualTo(TunnelState.UP);
        assertThat(recovered.verdicts()).extracting(SlaVerdict::satisfied).containsExactly(true, true);
    }

    @Test
    void aFigureHoveringAtTheBoundDoesNotFlapTheState() {
        // Given
        health.evaluate(status(0, 1, true, 101), List.of(HIGH), SETUP.instant());

        // When
        List<TunnelState> states = Stream.of(99.0, 101.0, 98.0, 100.0, 97.0)
                .map(rtt -> health.evaluate(status(0, 2, true, rtt), List.of(HIGH), NOW.instant()).state())
                .toList();

        // Then
        assertThat(states).containsOnly(TunnelState.DEGRADED);
        assertThat(health.since()).isEqualTo(SETUP.instant());
    }

    @Test
    void aPolicyGivenAgainAfterItWasDroppedStartsWithoutHysteresis() {
        // Given
        health.evaluate(status(0, 1, true, 150), List.of(HIGH), SETUP.instant());
        health.evaluate(status(0, 2, true, 150), List.of(), SETUP.instant());

        // When
        TunnelAssessment assessment = health.evaluate(status(0, 3, true, 95), List.of(HIGH), NOW.instant());

        // Then
        assertThat(assessment.state()).isEqualTo(TunnelState.UP);
    }

    @Test
    void anAssessmentBecomesTheHealthEventOfItsTarget() {
        // Given
        ProbeTarget target = new ProbeTarget("cluster-2", "business", "10.0.2.1", 31111, List.of(HIGH));
        TunnelAssessment assessment = health.evaluate(status(0, 1, true, 50), target.policies(), NOW.instant());

        // When
        TunnelHealthEvent event = assessment.toEvent("cluster-1", target);

        // Then
        assertThat(event).isEqualTo(new TunnelHealthEvent("cluster-1", "cluster-2", "business", "10.0.2.1", 31111,
                TunnelState.UP, "meets the SLA of every policy that uses it", assessment.figures(),
                List.of(new SlaVerdict("sd-wan-priority-high", true, List.of())), NOW.instant(), NOW.instant()));
        assertThat(event.key()).isEqualTo(target.key("cluster-1"));
    }

    private void driveTo(TunnelState state) {
        switch (state) {
            case UNKNOWN -> {
            }
            case UP -> health.evaluate(status(0, 1, true, 50), List.of(HIGH), SETUP.instant());
            case DEGRADED -> health.evaluate(status(0, 1, true, 120), List.of(HIGH), SETUP.instant());
            case DOWN -> health.evaluate(status(5, 0, false, 0), List.of(HIGH), SETUP.instant());
        }
        assertThat(health.state()).as("state before the transition").isEqualTo(state);
    }

    private static ProbeStatus status(int lostRun, int answeredRun, boolean everAnswered, double rttMs) {
        return new ProbeStatus(new TunnelFigures(rttMs, rttMs, 0, 0, answeredRun), lostRun, answeredRun,
                everAnswered);
    }

    @Test
    void theSlaIsJudgedOnlyOnceEnoughProbesAreDecided() {
        // Given: the defaults (50 probes), and a first round trip far above the SLA (a cold start)
        TunnelHealth starting = new TunnelHealth(ProbeSettings.DEFAULTS, CREATED.instant());

        // When
        TunnelAssessment first = starting.evaluate(new ProbeStatus(new TunnelFigures(900, 900, 0, 0, 1), 0, 1, true),
                List.of(HIGH), NOW.instant());

        // Then: the benefit of the doubt, said so
        assertThat(first.state()).isEqualTo(TunnelState.UP);
        assertThat(first.reason()).isEqualTo("answering; its SLA is judged once 50 probes are decided (1 so far)");
        assertThat(first.verdicts()).allSatisfy(v -> assertThat(v.satisfied()).isTrue());

        // When: the figures rest on 50 probes, and still break it
        TunnelAssessment judged = starting.evaluate(new ProbeStatus(new TunnelFigures(900, 900, 0, 0, 50), 0, 50,
                true), List.of(HIGH), NOW.instant());

        // Then
        assertThat(judged.state()).isEqualTo(TunnelState.DEGRADED);
        assertThat(judged.reason()).contains("latency 900 ms > 100 ms");
    }
}

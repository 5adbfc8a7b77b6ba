package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.probe.TunnelProbe;

class TunnelProbesTest {
    static final long MS = 1_000_000L;
    /** An arbitrary monotonic origin, as System.nanoTime() gives. */
    static final long T0 = 7_000_000_000L;

    final TunnelProbes probes = new TunnelProbes(ProbeSettings.DEFAULTS, 41);

    @Test
    void probesCarryIncreasingSequenceNumbersFromTheStartAndTheirSendTime() {
        // Given
        List<TunnelProbe> sent = new ArrayList<>();

        // When
        for (int i = 0; i < 3; i++) {
            sent.add(probes.nextProbe(T0 + i * 20 * MS));
        }

        // Then
        assertThat(sent).extracting(TunnelProbe::sequence).containsExactly(41L, 42L, 43L);
        assertThat(sent).extracting(TunnelProbe::senderTimeNanos).containsExactly(T0, T0 + 20 * MS, T0 + 40 * MS);
        assertThat(sent).extracting(TunnelProbe::type).containsOnly(TunnelProbe.Type.PROBE);
        assertThat(probes.counters().sent()).isEqualTo(3);
    }

    @Test
    void anEchoWithinTheTimeoutIsAnAnswerWithItsRoundTrip() {
        // Given
        TunnelProbe probe = probes.nextProbe(T0);

        // When
        EchoOutcome outcome = probes.onEcho(echo(probe), T0 + 10 * MS);

        // Then
        assertThat(outcome).isEqualTo(EchoOutcome.ON_TIME);
        assertThat(probes.figures()).isEqualTo(new TunnelFigures(10, 10, 0, 0, 1));
        assertThat(probes.status()).isEqualTo(new ProbeStatus(probes.figures(), 0, 1, true));
    }

    @Test
    void reorderedEchoesEachGiveTheirOwnProbesRoundTrip() {
        // Given
        TunnelProbe first = probes.nextProbe(T0);
        TunnelProbe second = probes.nextProbe(T0 + 20 * MS);

        // When: the second echo overtakes the first
        probes.onEcho(echo(second), T0 + 30 * MS);
        probes.onEcho(echo(first), T0 + 35 * MS);

        // Then: samples 10 ms then 35 ms: srtt = 7/8 * 10 + 1/8 * 35 = 13.125; jitter = |35 - 10| / 16
        TunnelFigures figures = probes.figures();
        assertThat(figures.rttMs()).isCloseTo(13.125, within(1e-9));
        assertThat(figures.rttP99Ms()).isEqualTo(35.0);
        assertThat(figures.jitterMs()).isCloseTo(25.0 / 16, within(1e-9));
    }

    @Test
    void aDuplicateEchoIsIgnoredAndCounted() {
        // Given
        TunnelProbe probe = probes.nextProbe(T0);
        probes.onEcho(echo(probe), T0 + 10 * MS);

        // When
        EchoOutcome outcome = probes.onEcho(echo(probe), T0 + 90 * MS);

        // Then
        assertThat(outcome).isEqualTo(EchoOutcome.DUPLICATE);
        assertThat(probes.counters().duplicates()).isEqualTo(1);
        assertThat(probes.figures()).isEqualTo(new TunnelFigures(10, 10, 0, 0, 1));
        assertThat(probes.status().answeredRun()).isEqualTo(1);
    }

    @Test
    void aLateEchoIsAnAnswerThatEndsTheTimeoutRun() {
        // Given: one answer after 5 ms makes the next probe's timeout the minimum, 100 ms
        answerOneAfter5Ms();
        TunnelProbe probe = probes.nextProbe(T0);
        probes.tick(T0 + 100 * MS);
        int runBefore = probes.status().timedOutRun();

        // When
        EchoOutcome outcome = probes.onEcho(echo(probe), T0 + 150 * MS);

        // Then
        assertThat(runBefore).isEqualTo(1);
        assertThat(outcome).isEqualTo(EchoOutcome.LATE);
        assertThat(probes.status().timedOutRun()).isZero();
        assertThat(probes.status().answeredRun()).isEqualTo(1);
        assertThat(probes.status().figures().rttP99Ms()).isEqualTo(150);
        assertThat(probes.status().figures().samples()).isEqualTo(2);
        assertThat(probes.counters().late()).isEqualTo(1);
        assertThat(probes.counters().timedOut()).isEqualTo(1);
    }

    @Test
    void anEchoAfterTheTimeoutIsLateEvenWithoutATickInBetween() {
        // Given
        answerOneAfter5Ms();
        TunnelProbe probe = probes.nextProbe(T0);

        // When
        EchoOutcome outcome = probes.onEcho(echo(probe), T0 + 100 * MS);

        // Then
        assertThat(outcome).isEqualTo(EchoOutcome.LATE);
        assertThat(probes.counters().timedOut()).isEqualTo(1);
    }

    @Test
    void echoesOfUnknownProbesAreIgnoredAndCounted() {
        // Given
        TunnelProbe probe = probes.nextProbe(T0);

        // When
        List<EchoOutcome> outcomes = List.of(
                probes.onEcho(TunnelProbe.probe(999, T0).echo(1, 2), T0 + MS),
                probes.onEcho(TunnelProbe.probe(probe.sequence(), T0 - 5).echo(1, 2), T0 + MS),
                probes.onEcho(probe, T0 + MS),
                probes.onEcho(TunnelProbe.probe(40, T0).echo(1, 2), T0 + MS));

        // Then
        assertThat(outcomes).containsOnly(EchoOutcome.UNKNOWN);
        assertThat(probes.counters().unknown()).isEqualTo(4);
        assertThat(probes.status().everAnswered()).isFalse();
        assertThat(probes.figures().samples()).isZero();
    }

    @Test
    void aProbeUnansweredAtTheEndOfItsLateWindowIsLostAndItsEchoTooLate() {
        // Given
        TunnelProbe probe = probes.nextProbe(T0);
        probes.tick(T0 + 1_999 * MS);
        int decidedBefore = probes.figures().samples();

        // When
        probes.tick(T0 + 2_000 * MS);
        EchoOutcome outcome = probes.onEcho(echo(probe), T0 + 2_001 * MS);

        // Then
        assertThat(decidedBefore).isZero();
        assertThat(probes.figures()).isEqualTo(new TunnelFigures(0, 0, 0, 100, 1));
        assertThat(outcome).isEqualTo(EchoOutcome.TOO_LATE);
        assertThat(probes.counters().lost()).isEqualTo(1);
        assertThat(probes.counters().tooLate()).isEqualTo(1);
        assertThat(probes.inFlight()).isZero();
    }

    @Test
    void lossIsOverDecidedProbesOnly() {
        // Given: four probes 20 ms apart, the second and fourth answered after 10 ms
        probes.nextProbe(T0);
        probes.onEcho(echo(probes.nextProbe(T0 + 20 * MS)), T0 + 30 * MS);
        probes.nextProbe(T0 + 40 * MS);
        probes.onEcho(echo(probes.nextProbe(T0 + 60 * MS)), T0 + 70 * MS);

        // When: the first probe's late window has passed, the third's has not
        probes.tick(T0 + 2_030 * MS);

        // Then: decided are two answers and one loss
        assertThat(probes.figures().samples()).isEqualTo(3);
        assertThat(probes.figures().lossPercent()).isCloseTo(100.0 / 3, within(1e-9));
    }

    @Test
    void timeoutsInARowCountUpAsEachProbeReachesItsTimeout() {
        // Given: after one quick answer, five probes 20 ms apart, none answered, each with the 100 ms minimum timeout
        answerOneAfter5Ms();
        sendEvery20Ms(5);

        // When
        probes.tick(T0 + 179 * MS);
        ProbeStatus before = probes.status();
        probes.tick(T0 + 180 * MS);

        // Then
        assertThat(before.timedOutRun()).isEqualTo(4);
        assertThat(probes.status().timedOutRun()).isEqualTo(5);
        assertThat(probes.status().answeredRun()).isZero();
    }

    @Test
    void beforeTheFirstAnswerAProbeIsWaitedForTheMaximumSoASlowTunnelDoesNotLookDead() {
        // Given: five probes 20 ms apart on a tunnel never answered yet
        sendEvery20Ms(5);

        // When
        probes.tick(T0 + 999 * MS);
        ProbeStatus before = probes.status();
        probes.tick(T0 + 1_080 * MS);

        // Then
        assertThat(before.timedOutRun()).isZero();
        assertThat(probes.status().timedOutRun()).isEqualTo(5);
        assertThat(probes.status().everAnswered()).isFalse();
    }

    @Test
    void aTimeoutEndsTheRunOfAnswers() {
        // Given: three probes 20 ms apart, the first and third answered after 5 ms
        probes.onEcho(echo(probes.nextProbe(T0)), T0 + 5 * MS);
        probes.nextProbe(T0 + 20 * MS);
        probes.onEcho(echo(probes.nextProbe(T0 + 40 * MS)), T0 + 45 * MS);
        int answersBefore = probes.status().answeredRun();

        // When: the second probe reaches its timeout
        probes.tick(T0 + 500 * MS);

        // Then
        assertThat(answersBefore).isEqualTo(2);
        assertThat(probes.status().answeredRun()).isZero();
        assertThat(probes.status().timedOutRun()).isEqualTo(1);
    }

    @Test
    void theTimeoutFollowsTheMeasuredRoundTripWithinItsBounds() {
        // Given
        TunnelProbe first = probes.nextProbe(T0);
        long before = probes.lossTimeoutNanos();

        // When: a 200 ms round trip (on time: before any answer the timeout is the 1 s maximum) gives srtt 200,
        // rttvar 100; the second probe, timed out after 600 ms, comes back late after 700 ms
        probes.onEcho(echo(first), T0 + 200 * MS);
        long after = probes.lossTimeoutNanos();
        TunnelProbe second = probes.nextProbe(T0 + 200 * MS);
        probes.onEcho(echo(second), T0 + 900 * MS);

        // Then: 600 ms, then srtt 262.5 + 4 * rttvar 200 clamped to 1 s
        assertThat(before).isEqualTo(1_000 * MS);
        assertThat(after).isEqualTo(600 * MS);
        assertThat(probes.lossTimeoutNanos()).isEqualTo(1_000 * MS);
        assertThat(probes.counters().late()).isEqualTo(1);
    }

    @Test
    void probesLostInAnOutageAreNotLossButIsolatedLostProbesAre() {
        // Given: 10 probes answered, one lost alone, 10 answered, then an outage of 20 probes, then 10 answered
        long t = T0;
        for (int i = 0; i < 51; i++, t += 20 * MS) {
            TunnelProbe probe = probes.nextProbe(t);
            boolean lostAlone = i == 10;
            boolean outage = i >= 21 && i < 41;
            if (!lostAlone && !outage) {
                probes.onEcho(echo(probe), t + MS);
            }
        }

        // When: every late window has passed
        probes.tick(t + 3_000 * MS);

        // Then: 31 decided probes (30 answered, 1 lost), the 20 of the outage counted apart
        assertThat(probes.figures().samples()).isEqualTo(31);
        assertThat(probes.figures().lossPercent()).isCloseTo(100.0 / 31, within(1e-9));
        assertThat(probes.counters().lost()).isEqualTo(21);
    }

    @Test
    void probesInFlightAreBoundedByTheLateWindow() {
        // Given
        int count = 200;

        // When
        sendEvery20Ms(count);

        // Then: 2 s / 20 ms
        assertThat(probes.inFlight()).isEqualTo(100);
        assertThat(probes.counters().lost()).isEqualTo(100);
    }

    @Test
    void aMonotonicClockThatWrapsAroundIsFine() {
        // Given
        long nearWrap = Long.MAX_VALUE - 5 * MS;
        TunnelProbe probe = probes.nextProbe(nearWrap);

        // When
        EchoOutcome outcome = probes.onEcho(echo(probe), nearWrap + 10 * MS);

        // Then
        assertThat(outcome).isEqualTo(EchoOutcome.ON_TIME);
        assertThat(probes.figures().rttMs()).isEqualTo(10.0);
    }

    @Test
    void timeGoingBackwardsIsRefused() {
        // Given
        probes.nextProbe(T0);

        // When / Then
        assertThatThrownBy(() -> probes.tick(T0 - 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time went backwards").hasMessageContaining("System.nanoTime()");
    }

    private List<TunnelProbe> sendEvery20Ms(int count) {
        List<TunnelProbe> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(probes.nextProbe(T0 + i * 20 * MS));
        }
        return sent;
    }

    private static TunnelProbe echo(TunnelProbe probe) {
        return probe.echo(1_700_000_000_000_000L, 1_700_000_000_000_010L);
    }

    /** One probe answered after 5 ms, before T0: the timeouts of later probes are the 100 ms minimum. */
    private void answerOneAfter5Ms() {
        probes.onEcho(echo(probes.nextProbe(T0 - 20 * MS)), T0 - 15 * MS);
    }
}

package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

class HealthPublishingTest {
    static final long MS = 1_000_000L;
    static final long T0 = 3_000_000_000L;
    static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");
    static final TunnelFigures FIGURES = new TunnelFigures(12.345, 20.06, 0.1234, 0.4, 500);
    static final SlaVerdict MET = new SlaVerdict("high", true, List.of());
    static final SlaVerdict SLOW = new SlaVerdict("high", false, List.of("latency 120 ms > 100 ms"));

    final HealthPublishing publishing = new HealthPublishing(HealthPublishing.DEFAULT_INTERVAL);

    @Test
    void theFirstEventIsPublishedWithRoundedFigures() {
        // Given
        TunnelHealthEvent event = event(TunnelState.UP, FIGURES, MET);

        // When
        Publication publication = publishing.decide(event, T0);

        // Then
        assertThat(publication).isEqualTo(new Publication.Publish(
                event(TunnelState.UP, new TunnelFigures(12, 20, 0.12, 0.4, 500), MET), Publication.Cause.FIRST));
    }

    @Test
    void nothingChangedIsHeldUntilTheIntervalPassed() {
        // Given
        publishing.decide(event(TunnelState.UP, FIGURES, MET), T0);

        // When
        Publication early = publishing.decide(event(TunnelState.UP, FIGURES, MET), T0 + 999 * MS);
        Publication due = publishing.decide(event(TunnelState.UP, FIGURES, MET), T0 + 1_000 * MS);
        Publication afterDue = publishing.decide(event(TunnelState.UP, FIGURES, MET), T0 + 1_500 * MS);

        // Then
        assertThat(early).isInstanceOf(Publication.Hold.class);
        assertThat(due).isInstanceOf(Publication.Publish.class)
                .extracting(p -> ((Publication.Publish) p).cause()).isEqualTo(Publication.Cause.PERIODIC);
        assertThat(afterDue).isInstanceOf(Publication.Hold.class);
    }

    @Test
    void aChangeOfStateIsPublishedAtOnceAndRestartsTheInterval() {
        // Given
        publishing.decide(event(TunnelState.UP, FIGURES, MET), T0);

        // When
        Publication changed = publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW), T0 + 500 * MS);
        Publication oneSecondAfterFirst = publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW),
                T0 + 1_200 * MS);
        Publication oneSecondAfterChange = publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW),
                T0 + 1_500 * MS);

        // Then
        assertThat(causeOf(changed)).isEqualTo(Publication.Cause.CHANGED);
        assertThat(oneSecondAfterFirst).isInstanceOf(Publication.Hold.class);
        assertThat(causeOf(oneSecondAfterChange)).isEqualTo(Publication.Cause.PERIODIC);
    }

    @Test
    void aVerdictThatFlipsIsPublishedAtOnce() {
        // Given: the state stays DEGRADED on account of another policy
        SlaVerdict otherBroken = new SlaVerdict("gold", false, List.of("loss 2 % > 1 %"));
        publishing.decide(event(TunnelState.DEGRADED, FIGURES, MET, otherBroken), T0);

        // When
        Publication publication = publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW, otherBroken),
                T0 + MS);

        // Then
        assertThat(causeOf(publication)).isEqualTo(Publication.Cause.CHANGED);
    }

    @Test
    void aNewlyBrokenBoundIsPublishedAtOnce() {
        // Given
        publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW), T0);
        SlaVerdict slowAndLossy = new SlaVerdict("high", false, List.of("latency 120 ms > 100 ms", "loss 2 % > 1 %"));

        // When
        Publication publication = publishing.decide(event(TunnelState.DEGRADED, FIGURES, slowAndLossy), T0 + MS);

        // Then
        assertThat(causeOf(publication)).isEqualTo(Publication.Cause.CHANGED);
    }

    @Test
    void figuresAloneAndTheFiguresQuotedInAViolationAreNoChange() {
        // Given
        publishing.decide(event(TunnelState.DEGRADED, FIGURES, SLOW), T0);
        SlaVerdict slower = new SlaVerdict("high", false, List.of("latency 130 ms > 100 ms (recovery margin 10 %)"));

        // When
        Publication publication = publishing.decide(
                event(TunnelState.DEGRADED, new TunnelFigures(130, 140, 3, 1, 500), slower), T0 + 10 * MS);

        // Then
        assertThat(publication).isInstanceOf(Publication.Hold.class);
    }

    @Test
    void anotherAddressIsPublishedAtOnce() {
        // Given
        publishing.decide(event(TunnelState.UP, FIGURES, MET), T0);
        TunnelHealthEvent moved = new TunnelHealthEvent("cluster-1", "cluster-2", "business", "10.0.2.9", 31111,
                TunnelState.UP, "meets", FIGURES, List.of(MET), SINCE, SINCE);

        // When
        Publication publication = publishing.decide(moved, T0 + MS);

        // Then
        assertThat(causeOf(publication)).isEqualTo(Publication.Cause.CHANGED);
    }

    @Test
    void afterAFailedSendTheNextDecisionPublishesAgainThoughNothingChanged() {
        // Given: a change went out, and its send failed
        publishing.decide(event(TunnelState.UP, FIGURES, MET), T0);
        publishing.decide(event(TunnelState.DOWN, FIGURES, SLOW), T0 + 100 * MS);
        publishing.sendFailed();

        // When
        Publication retried = publishing.decide(event(TunnelState.DOWN, FIGURES, SLOW), T0 + 120 * MS);
        Publication afterRetry = publishing.decide(event(TunnelState.DOWN, FIGURES, SLOW), T0 + 140 * MS);

        // Then
        assertThat(retried).isEqualTo(new Publication.Publish(
                event(TunnelState.DOWN, new TunnelFigures(12, 20, 0.12, 0.4, 500), SLOW), Publication.Cause.RETRY));
        assertThat(afterRetry).isInstanceOf(Publication.Hold.class);
    }

    @Test
    void aChangeAfterAFailedSendIsPublishedAsAChange() {
        // Given
        publishing.decide(event(TunnelState.UP, FIGURES, MET), T0);
        publishing.sendFailed();

        // When
        Publication publication = publishing.decide(event(TunnelState.DOWN, FIGURES, SLOW), T0 + 20 * MS);

        // Then
        assertThat(causeOf(publication)).isEqualTo(Publication.Cause.CHANGED);
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        // Given
        Duration zero = Duration.ZERO;

        // When / Then
        assertThatThrownBy(() -> new HealthPublishing(zero)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HealthPublishing interval is PT0S, expected a positive duration");
    }

    private static Publication.Cause causeOf(Publication publication) {
        assertThat(publication).isInstanceOf(Publication.Publish.class);
        return ((Publication.Publish) publication).cause();
    }

    private static TunnelHealthEvent event(TunnelState state, TunnelFigures figures, SlaVerdict... verdicts) {
        return new TunnelHealthEvent("cluster-1", "cluster-2", "business", "10.0.2.1", 31111, state, "why",
                figures, List.of(verdicts), SINCE, SINCE.plusSeconds(1));
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

/** How long a path has been healthy, from probe reports and the data plane's failures, with a fixed clock. */
class PathHealthTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final PathKey BUSINESS = new PathKey("cluster-1", "business");

    private final PathHealthTracker tracker = new PathHealthTracker(java.time.Duration.ofSeconds(10));

    @Test
    void aPathFirstSeenHealthyCountsFromWhenTheProbesSayItBecameSo() {
        // When
        Map<PathKey, PathHealth> health = tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true,
                T0.minusSeconds(600), T0)), T0);

        // Then
        assertThat(health.get(BUSINESS).upSince()).isEqualTo(T0.minusSeconds(600));
        assertThat(health.get(BUSINESS).healthySince("high")).contains(T0.minusSeconds(600));
    }

    @Test
    void aPathThatComesBackCountsFromWhenTheGatewayLearnedIt() {
        // Given: up, then down
        tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0, T0)), T0);
        Map<PathKey, PathHealth> down = tracker.update(Map.of(BUSINESS, report(TunnelState.DOWN, false,
                T0.plusSeconds(10), T0.plusSeconds(10))), T0.plusSeconds(10));

        // When: up again, the report saying since 20 s, learned at 21 s
        Map<PathKey, PathHealth> up = tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true,
                T0.plusSeconds(20), T0.plusSeconds(20))), T0.plusSeconds(21));

        // Then
        assertThat(down.get(BUSINESS).upSince()).isNull();
        assertThat(down.get(BUSINESS).healthySince("high")).isEmpty();
        assertThat(up.get(BUSINESS).healthySince("high")).contains(T0.plusSeconds(21));
    }

    @Test
    void aHealthyPathKeepsItsSinceAcrossReports() {
        // Given
        tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0, T0)), T0);

        // When: a periodic report, and a DEGRADED one that keeps the traffic and this policy's SLA
        tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0, T0.plusSeconds(1))), T0.plusSeconds(1));
        Map<PathKey, PathHealth> later = tracker.update(Map.of(BUSINESS, report(TunnelState.DEGRADED, true,
                T0.plusSeconds(2), T0.plusSeconds(2))), T0.plusSeconds(2));

        // Then
        assertThat(later.get(BUSINESS).healthySince("high")).contains(T0);
    }

    @Test
    void aBrokenSlaRestartsTheCountOfThatPolicyOnly() {
        // Given
        tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0, T0)), T0);
        tracker.update(Map.of(BUSINESS, report(TunnelState.DEGRADED, false, T0.plusSeconds(5), T0.plusSeconds(5))),
                T0.plusSeconds(5));

        // When
        Map<PathKey, PathHealth> after = tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true,
                T0.plusSeconds(9), T0.plusSeconds(9))), T0.plusSeconds(9));

        // Then: up all along, high's SLA met again since 9 s
        assertThat(after.get(BUSINESS).upSince()).isEqualTo(T0);
        assertThat(after.get(BUSINESS).healthySince("high")).contains(T0.plusSeconds(9));
    }

    @Test
    void aPassiveFailureTakesThePathDownUntilAReportMeasuredLaterSaysItCarriesTraffic() {
        // Given
        tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0, T0)), T0);

        // When: the data plane sees a refused connection at 5 s; a report measured at 4 s arrives after it
        boolean tookDown = tracker.failed(new PassiveFailure(BUSINESS, "connect refused", T0.plusSeconds(5)));
        boolean again = tracker.failed(new PassiveFailure(BUSINESS, "reset", T0.plusSeconds(5)));
        Map<PathKey, PathHealth> stale = tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0,
                T0.plusSeconds(4))), T0.plusSeconds(6));
        Map<PathKey, PathHealth> fresh = tracker.update(Map.of(BUSINESS, report(TunnelState.UP, true, T0,
                T0.plusSeconds(7))), T0.plusSeconds(7));

        // Then
        assertThat(tookDown).isTrue();
        assertThat(again).isFalse();
        assertThat(stale.get(BUSINESS).state()).isEqualTo(TunnelState.DOWN);
        assertThat(stale.get(BUSINESS).reason()).startsWith("connect refused (seen by the gateway at ");
        assertThat(fresh.get(BUSINESS).state()).isEqualTo(TunnelState.UP);
        assertThat(fresh.get(BUSINESS).healthySince("high")).contains(T0.plusSeconds(7));
    }

    @Test
    void aPassiveFailureNoReportClearsHoldsThePathDownForTheHoldOnly() {
        // Given: a path nobody probes
        PathKey self = new PathKey("cluster-2", "business");
        tracker.failed(new PassiveFailure(self, "connection reset", T0));

        // When
        Map<PathKey, PathHealth> during = tracker.update(Map.of(), T0.plusSeconds(9));
        java.util.Optional<Instant> due = tracker.nextExpiry();
        Map<PathKey, PathHealth> after = tracker.update(Map.of(), T0.plusSeconds(10));

        // Then: tried again after the hold, healthy from then
        assertThat(during.get(self).carriesTraffic()).isFalse();
        assertThat(due).contains(T0.plusSeconds(10));
        assertThat(after.get(self).carriesTraffic()).isTrue();
        assertThat(after.get(self).upSince()).isEqualTo(T0.plusSeconds(10));
        assertThat(tracker.nextExpiry()).isEmpty();
    }

    @Test
    void aPassiveFailureOnAPathNeverProbedTakesItDownToo() {
        // Given: the path to the own cluster is not probed
        PathKey self = new PathKey("cluster-2", "business");

        // When
        tracker.failed(new PassiveFailure(self, "connect refused", T0));
        Map<PathKey, PathHealth> health = tracker.update(Map.of(), T0);

        // Then
        assertThat(health.get(self).carriesTraffic()).isFalse();
    }

    private static TunnelHealthEvent report(TunnelState state, boolean highMet, Instant since, Instant measured) {
        SlaVerdict verdict = highMet ? new SlaVerdict("high", true, List.of())
                : new SlaVerdict("high", false, List.of("latency 120 ms > 100 ms"));
        return new TunnelHealthEvent("cluster-2", "cluster-1", "business", "127.0.1.1", 31111, state, "",
                new TunnelFigures(1, 1, 0, 0, 10), List.of(verdict), since, measured);
    }
}

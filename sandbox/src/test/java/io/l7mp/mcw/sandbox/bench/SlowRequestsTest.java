package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.sandbox.bench.SlowRequests.Burst;

class SlowRequestsTest {

    private static final long MS = 1_000_000L;

    @Test
    void keepsOnlyTheRequestsOverTheThreshold() {
        // Given
        SlowRequests slow = new SlowRequests(50_000);

        // When
        slow.record(0, 50_000, 1);
        slow.record(10 * MS, 50_001, 1);
        slow.record(20 * MS, 3_000, 2);

        // Then: exactly at the threshold is not slow
        assertThat(slow.count()).isEqualTo(1);
    }

    @Test
    void groupsRequestsDueCloseTogetherIntoBurstsAndCountsTheirConnections() {
        // Given: a stall of one connection at 1 s, then every connection at once at 5 s
        SlowRequests slow = new SlowRequests(10_000);
        for (int i = 0; i < 10; i++) {
            slow.record(1_000 * MS + i * 20 * MS, 200_000 - i * 20_000, 7);
        }
        for (int connection = 0; connection < 32; connection++) {
            slow.record(5_000 * MS + connection * MS, 40_000, connection);
        }

        // When
        var bursts = slow.bursts();

        // Then
        assertThat(bursts).containsExactly(new Burst(1_000 * MS, 1_180 * MS, 10, 1, 200_000),
                new Burst(5_000 * MS, 5_031 * MS, 32, 32, 40_000));
        assertThat(slow.summary(1)).isEqualTo("42 requests over 10.0 ms in 2 bursts;"
                + " 5.00-5.03 s: 32 requests on 32 connections, max 40.0 ms");
    }

    @Test
    void aGapOfTheBurstGapOrMoreStartsANewBurst() {
        // Given
        SlowRequests slow = new SlowRequests(1);

        // When: recorded out of order
        slow.record(SlowRequests.BURST_GAP_NANOS, 5, 1);
        slow.record(0, 5, 1);
        slow.record(SlowRequests.BURST_GAP_NANOS * 2 - 1, 5, 1);

        // Then
        assertThat(slow.bursts()).extracting(Burst::requests).containsExactly(1, 2);
    }

    @Test
    void saysSoWhenNothingWasSlowAndRefusesANonPositiveThreshold() {
        assertThat(new SlowRequests(2_500).summary(3)).isEqualTo("no request over 2.5 ms");
        assertThatThrownBy(() -> new SlowRequests(0)).hasMessageContaining("must be positive, got 0");
    }
}

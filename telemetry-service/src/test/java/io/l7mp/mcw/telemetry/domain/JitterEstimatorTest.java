package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class JitterEstimatorTest {
    static final long MS = 1_000_000L;

    @Test
    void oneReplyGivesNoJitter() {
        // Given
        JitterEstimator jitter = new JitterEstimator();

        // When
        jitter.add(50 * MS);

        // Then
        assertThat(jitter.jitterNanos()).isZero();
    }

    @Test
    void eachDifferenceOfConsecutiveRoundTripsMovesJitterBySixteenthOfTheGap() {
        // Given
        JitterEstimator jitter = new JitterEstimator();

        // When: round trips 10, 12, 9, 9 ms
        jitter.add(10 * MS);
        jitter.add(12 * MS);
        double afterSecond = jitter.jitterNanos();
        jitter.add(9 * MS);
        double afterThird = jitter.jitterNanos();
        jitter.add(9 * MS);

        // Then: J = 2/16 = 0.125; J += (3 - 0.125)/16 = 0.3046875; J += (0 - J)/16 = 0.28564453125 (ms)
        assertThat(afterSecond).isCloseTo(0.125 * MS, within(1e-6));
        assertThat(afterThird).isCloseTo(0.3046875 * MS, within(1e-6));
        assertThat(jitter.jitterNanos()).isCloseTo(0.28564453125 * MS, within(1e-6));
    }

    @Test
    void steadyRoundTripsHaveNoJitterHoweverLong() {
        // Given
        JitterEstimator jitter = new JitterEstimator();

        // When
        for (int i = 0; i < 100; i++) {
            jitter.add(30 * MS);
        }

        // Then
        assertThat(jitter.jitterNanos()).isZero();
    }

    @Test
    void alternatingRoundTripsConvergeToTheirDifference() {
        // Given
        JitterEstimator jitter = new JitterEstimator();

        // When: 10, 14, 10, 14, ... ms: |D| is always 4 ms
        for (int i = 0; i < 400; i++) {
            jitter.add((i % 2 == 0 ? 10 : 14) * MS);
        }

        // Then
        assertThat(jitter.jitterNanos()).isCloseTo(4.0 * MS, within(1.0));
    }
}

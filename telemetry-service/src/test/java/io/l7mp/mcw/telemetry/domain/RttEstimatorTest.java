package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RttEstimatorTest {
    static final long MS = 1_000_000L;
    static final long MIN = 100 * MS;
    static final long MAX = 1_000 * MS;

    @Test
    void firstSampleSetsSrttToItAndRttvarToHalfOfIt() {
        // Given
        RttEstimator rtt = new RttEstimator(10);

        // When
        rtt.add(100 * MS);

        // Then
        assertThat(rtt.srttNanos()).isEqualTo(100.0 * MS);
        assertThat(rtt.rttvarNanos()).isEqualTo(50.0 * MS);
        assertThat(rtt.lossTimeoutNanos(MIN, MAX)).isEqualTo(300 * MS);
    }

    @Test
    void laterSamplesUpdateRttvarFromTheOldSrttThenSrtt() {
        // Given
        RttEstimator rtt = new RttEstimator(10);
        rtt.add(100 * MS);

        // When
        rtt.add(200 * MS);
        rtt.add(100 * MS);

        // Then: rttvar = 3/4 * 50 + 1/4 * |100 - 200| = 62.5, srtt = 7/8 * 100 + 1/8 * 200 = 112.5;
        // then rttvar = 3/4 * 62.5 + 1/4 * 12.5 = 50, srtt = 7/8 * 112.5 + 1/8 * 100 = 110.9375
        assertThat(rtt.rttvarNanos()).isCloseTo(50.0 * MS, within(1.0));
        assertThat(rtt.srttNanos()).isCloseTo(110.9375 * MS, within(1.0));
        assertThat(rtt.lossTimeoutNanos(MIN, MAX)).isCloseTo(310_937_500L, within(1L));
    }

    @ParameterizedTest(name = "samples {0} ms -> loss timeout {1} ms")
    @CsvSource({
            "'', 1000",
            "10, 100",
            "40, 120",
            "300, 900",
            "500, 1000" })
    void lossTimeoutIsSrttPlusFourRttvarClampedAndMaxBeforeAnySample(String samplesMs, long expectedMs) {
        // Given
        RttEstimator rtt = new RttEstimator(10);

        // When
        if (!samplesMs.isEmpty()) {
            rtt.add(Long.parseLong(samplesMs) * MS);
        }

        // Then
        assertThat(rtt.lossTimeoutNanos(MIN, MAX)).isEqualTo(expectedMs * MS);
    }

    @Test
    void p99IsTheNearestRankOverTheLastWindowSamples() {
        // Given
        RttEstimator rtt = new RttEstimator(250);

        // When: 1..300 ms, of which the window keeps 51..300
        for (long i = 1; i <= 300; i++) {
            rtt.add(i * MS);
        }

        // Then: rank ceil(0.99 * 250) = 248 of 51..300 is 298
        assertThat(rtt.p99Nanos()).isEqualTo(298 * MS);
    }

    @Test
    void p99OfAHundredSamplesIsTheNinetyNinthSmallestWhateverTheOrder() {
        // Given
        RttEstimator rtt = new RttEstimator(250);

        // When: 100, 99, ..., 1 ms
        for (long i = 100; i >= 1; i--) {
            rtt.add(i * MS);
        }

        // Then
        assertThat(rtt.p99Nanos()).isEqualTo(99 * MS);
    }

    @Test
    void noSampleMeansZeroFigures() {
        // Given
        RttEstimator rtt = new RttEstimator(5);

        // When
        boolean sampled = rtt.hasSamples();

        // Then
        assertThat(sampled).isFalse();
        assertThat(rtt.p99Nanos()).isZero();
        assertThat(rtt.srttNanos()).isZero();
    }

    @Test
    void negativeRoundTripIsRefused() {
        // Given
        RttEstimator rtt = new RttEstimator(5);

        // When / Then
        assertThatThrownBy(() -> rtt.add(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("round-trip time is -1 ns, expected >= 0");
    }
}

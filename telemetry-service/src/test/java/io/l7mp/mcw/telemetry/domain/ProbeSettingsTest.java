package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProbeSettingsTest {
    static final Duration EVERY = Duration.ofMillis(20);
    static final Duration MIN = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(1);
    static final Duration LATE = Duration.ofSeconds(2);

    @Test
    void defaultsAreTheDocumentedOnes() {
        // Given
        ProbeSettings settings = ProbeSettings.DEFAULTS;

        // When
        ProbeSettings expected = new ProbeSettings(Duration.ofMillis(20), 5, 3, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 500, 250, 0.1, 50);

        // Then
        assertThat(settings).isEqualTo(expected);
    }

    @Test
    void defaultsMeanFiftyProbesAndTwoKilobytesOfPayloadPerSecondEachWay() {
        // Given
        ProbeSettings settings = ProbeSettings.DEFAULTS;

        // When
        double probes = settings.probesPerSecond();
        double bytes = settings.payloadBytesPerSecond();

        // Then
        assertThat(probes).isEqualTo(50.0);
        assertThat(bytes).isEqualTo(2_000.0);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                refused(() -> new ProbeSettings(Duration.ZERO, 5, 3, MIN, MAX, LATE, 500, 250, 0.1),
                        "ProbeSettings.interval is 0 ms, expected a positive duration"),
                refused(() -> new ProbeSettings(null, 5, 3, MIN, MAX, LATE, 500, 250, 0.1),
                        "ProbeSettings.interval is missing, expected a positive duration"),
                refused(() -> new ProbeSettings(EVERY, 0, 3, MIN, MAX, LATE, 500, 250, 0.1),
                        "ProbeSettings.downAfter is 0, expected at least 1"),
                refused(() -> new ProbeSettings(EVERY, 5, -1, MIN, MAX, LATE, 500, 250, 0.1),
                        "ProbeSettings.upAfter is -1, expected at least 1"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, Duration.ofMillis(-1), MAX, LATE, 500, 250, 0.1),
                        "ProbeSettings.lossTimeoutMin is -1 ms, expected a positive duration"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, Duration.ofMillis(500), Duration.ofMillis(200), LATE, 500,
                        250, 0.1), "ProbeSettings.lossTimeoutMax is 200 ms, expected at least lossTimeoutMin (500 ms)"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, Duration.ofMillis(999), 500, 250, 0.1),
                        "ProbeSettings.lateWindow is 999 ms, expected at least lossTimeoutMax (1000 ms): a probe must"
                                + " time out before it is lost for good"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, LATE, 0, 250, 0.1),
                        "ProbeSettings.lossWindow is 0, expected 1-100000 samples"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, LATE, 500, 100_001, 0.1),
                        "ProbeSettings.rttWindow is 100001, expected 1-100000 samples"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, LATE, 500, 250, 1.0),
                        "ProbeSettings.slaRecoveryMargin is 1.0, expected a fraction 0 <= margin < 1"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, LATE, 100, 250, 0.1, 101),
                        "ProbeSettings.slaMinSamples is 101, expected 0 to lossWindow (100): the figures never rest on "
                                + "more probes than that"),
                refused(() -> new ProbeSettings(EVERY, 5, 3, MIN, MAX, LATE, 500, 250, Double.NaN),
                        "ProbeSettings.slaRecoveryMargin is NaN, expected a fraction 0 <= margin < 1"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalid")
    void badValuesAreRefusedNamingTheFieldTheValueAndWhatIsExpected(Runnable construction, String message) {
        // Given: a constructor call with one bad field

        // When / Then
        assertThatThrownBy(construction::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void subMillisecondDurationsAreDescribedExactly() {
        // Given
        Duration half = Duration.ofNanos(500_000);

        // When
        String text = ProbeSettings.describe(half);

        // Then
        assertThat(text).isEqualTo("0.5 ms");
    }

    private static Arguments refused(Runnable construction, String message) {
        return Arguments.of(construction, message);
    }
}

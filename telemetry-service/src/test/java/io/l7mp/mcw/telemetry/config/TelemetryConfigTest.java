package io.l7mp.mcw.telemetry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The {@code mcw.telemetry.*} keys as an operator writes them, read the way Quarkus reads them. */
class TelemetryConfigTest {

    @Test
    void unsetKeysAreTheDomainsDefaults() {
        // Given
        TelemetryConfig config = config(Map.of());

        // When / Then
        assertThat(config.probeSettings()).isEqualTo(ProbeSettings.DEFAULTS);
        assertThat(config.publicationInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void everyKeyIsRead() {
        // Given
        TelemetryConfig config = config(Map.ofEntries(Map.entry("mcw.telemetry.probe.interval", "50ms"),
                Map.entry("mcw.telemetry.probe.down-after", "4"), Map.entry("mcw.telemetry.probe.up-after", "2"),
                Map.entry("mcw.telemetry.probe.loss-timeout-min", "150ms"),
                Map.entry("mcw.telemetry.probe.loss-timeout-max", "2s"), Map.entry("mcw.telemetry.probe.late-window", "3s"),
                Map.entry("mcw.telemetry.probe.loss-window", "100"), Map.entry("mcw.telemetry.probe.rtt-window", "60"),
                Map.entry("mcw.telemetry.probe.sla-recovery-margin", "0.2"),
                Map.entry("mcw.telemetry.probe.sla-min-samples", "20"),
                Map.entry("mcw.telemetry.publish-interval", "5s")));

        // When
        ProbeSettings settings = config.probeSettings();

        // Then
        assertThat(settings).isEqualTo(new ProbeSettings(Duration.ofMillis(50), 4, 2, Duration.ofMillis(150),
                Duration.ofSeconds(2), Duration.ofSeconds(3), 100, 60, 0.2, 20));
        assertThat(config.publicationInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mcw.telemetry.probe.down-after|0|mcw.telemetry.probe.down-after: ProbeSettings.downAfter is 0, expected at least 1",
            "mcw.telemetry.probe.late-window|500ms|mcw.telemetry.probe.late-window: ProbeSettings.lateWindow is 500 ms, expected at least lossTimeoutMax (1000 ms): a probe must time out before it is lost for good",
            "mcw.telemetry.probe.sla-recovery-margin|1.5|mcw.telemetry.probe.sla-recovery-margin: ProbeSettings.slaRecoveryMargin is 1.5, expected a fraction 0 <= margin < 1",
            "mcw.telemetry.probe.interval|0ms|mcw.telemetry.probe.interval: ProbeSettings.interval is 0 ms, expected a positive duration",
            "mcw.telemetry.probe.interval|PT0.0005S|mcw.telemetry.probe.interval is 0.5 ms, expected a whole number of milliseconds, at least 1 (the probe timer's resolution)",
            "mcw.telemetry.publish-interval|0s|mcw.telemetry.publish-interval: HealthPublishing interval is PT0S, expected a positive duration" })
    void aBadValueIsRefusedWithTheKeyAndTheDomainsMessage(String key, String value, String message) {
        // Given
        TelemetryConfig config = config(Map.of(key, value));

        // When / Then
        assertThatThrownBy(() -> {
            config.probeSettings();
            config.publicationInterval();
        }).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    private static TelemetryConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(TelemetryConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        return config.getConfigMapping(TelemetryConfig.class);
    }
}

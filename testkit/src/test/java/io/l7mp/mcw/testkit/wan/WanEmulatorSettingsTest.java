package io.l7mp.mcw.testkit.wan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;

/** Path settings, their partial updates (the HTTP API's PUT body) and the bandwidth bucket, without sockets. */
class WanEmulatorSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anUpdateChangesOnlyTheFieldsItHas() throws Exception {
        // Given
        PathSettings before = PathSettings.UNIMPAIRED.withJitter(Duration.ofMillis(5)).withCut(Cut.BLACKHOLE);

        // When
        PathSettings after = PathUpdate.parse(JSON.readTree("{\"delayMs\":50,\"cut\":\"none\"}")).change()
                .apply(before);

        // Then
        assertThat(after).isEqualTo(PathSettings.UNIMPAIRED.withDelay(Duration.ofMillis(50))
                .withJitter(Duration.ofMillis(5)));
    }

    @Test
    void everyFieldIsParsed() throws Exception {
        // When
        PathSettings settings = PathUpdate.parse(JSON.readTree("{\"delayMs\":50,\"jitterMs\":5,\"lossPercent\":1,"
                + "\"bandwidthBytesPerSecond\":125000,\"retransmitDelayMs\":300,\"cut\":\"RESET\"}")).change()
                .apply(PathSettings.UNIMPAIRED);

        // Then
        assertThat(settings).isEqualTo(new PathSettings(Duration.ofMillis(50), Duration.ofMillis(5), 1, 125_000,
                Duration.ofMillis(300), Cut.RESET));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"jitterMs\":600001} | Field 'jitterMs': got 600001, expected a whole number of milliseconds from 0 to 600000",
            "{\"delayMs\":1.5} | Field 'delayMs': got 1.5, expected a whole number of milliseconds from 0 to 600000",
            "{\"lossPercent\":\"5%\"} | Field 'lossPercent': got \"5%\", expected a number from 0 to 100",
            "{\"bandwidthBytesPerSecond\":-1} | Field 'bandwidthBytesPerSecond': got -1, expected a whole number of bytes per second, 0 for unlimited",
            "{\"cut\":true} | Field 'cut': got true, expected one of \"blackhole\", \"reset\", \"none\"",
            "{\"delayMs\":5,\"loss\":1} | Unknown field 'loss', expected some of [delayMs, jitterMs, lossPercent, bandwidthBytesPerSecond, retransmitDelayMs, cut]" })
    void badFieldsAreNamedWithTheValueAndWhatWasExpected(String body, String message) {
        // Then
        assertThatThrownBy(() -> PathUpdate.parse(JSON.readTree(body)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theJavaControlsRefuseOutOfRangeValuesAndChangeNothing() {
        WanPath path = new WanPath("cluster-2", "cluster-1", "business");
        WanPaths paths = new WanPaths(List.of(path));

        // Then
        assertThatThrownBy(() -> path.loss(101)).hasMessageContaining("lossPercent: 101.0");
        assertThatThrownBy(() -> paths.delay(Duration.ofMillis(-1))).hasMessageContaining("delay: PT-0.001S");
        assertThatThrownBy(() -> path.bandwidth(-5)).hasMessageContaining("-5");
        assertThat(path.settings()).isEqualTo(PathSettings.UNIMPAIRED);
    }

    @Test
    void theBucketLetsABurstThroughThenSpacesBytesAtTheRate() {
        TokenBucket bucket = new TokenBucket();
        long rate = 100_000;
        long start = 1_000_000_000L;

        // Then: the burst (50 ms worth: 5,000 bytes) passes at once
        assertThat(bucket.reserve(5_000, rate, start, Long.MAX_VALUE)).isZero();
        // the next 10,000 bytes wait 100 ms
        assertThat(bucket.reserve(10_000, rate, start, Long.MAX_VALUE)).isEqualTo(100_000_000L);
        // a reservation that would wait longer than allowed takes nothing
        assertThat(bucket.reserve(10_000, rate, start, 150_000_000L)).isEqualTo(-1);
        assertThat(bucket.reserve(1_000, rate, start, Long.MAX_VALUE)).isEqualTo(110_000_000L);
        // unlimited
        assertThat(bucket.reserve(1_000_000, 0, start, 0)).isZero();
    }
}

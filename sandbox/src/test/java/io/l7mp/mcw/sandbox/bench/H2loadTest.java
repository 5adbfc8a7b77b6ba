package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** h2load's summary and per-request log as nghttp2 1.52 (Debian 12) prints them, captured from real runs. */
class H2loadTest {

    /** h2load -t1 -c4 -m8 -D 3 against the testkit's HttpBackend, GET /bytes/1024. */
    private static final String SUCCESS = """
            starting benchmark...
            spawning thread #0: 4 total client(s). Timing-based test with 1s of warm-up time and 3s of main duration for measurements.
            Warm-up started for thread #0.
            progress: 25% of clients started
            progress: 50% of clients started
            progress: 75% of clients started
            progress: 100% of clients started
            Application protocol: h2c
            Warm-up phase is over for thread #0.
            Main benchmark duration is started for thread #0.
            Main benchmark duration is over for thread #0. Stopping all clients.
            Stopped all clients for thread #0

            finished in 4.00s, 50085.33 req/s, 50.15MB/s
            requests: 150256 total, 150256 started, 150256 done, 150256 succeeded, 0 failed, 0 errored, 0 timeout
            status codes: 150256 2xx, 0 3xx, 0 4xx, 0 5xx
            traffic: 150.46MB (157768800) total, 452.95KB (463824) headers (space savings 95.31%), 150.95MB (158277632) data
                                 min         max         mean         sd        +/- sd
            time for request:       72us     41.75ms       615us      1.51ms    94.67%
            time for connect:        0us         0us         0us         0us     0.00%
            time to 1st byte:        0us         0us         0us         0us     0.00%
            req/s           :   12410.17    12706.06    12520.82      129.03    75.00%
            """;

    /** h2load -t1 -c2 -m2 -D 1 against GET /status/503: every answer a 5xx. */
    private static final String ALL_503 = """
            finished in 1.01s, 1800.00 req/s, 304.21KB/s
            requests: 1800 total, 1804 started, 1800 done, 0 succeeded, 1800 failed, 0 errored, 0 timeout
            status codes: 0 2xx, 0 3xx, 0 4xx, 1800 5xx
            traffic: 304.21KB (311510) total, 5.32KB (5450) headers (space savings 94.49%), 258.40KB (264600) data
                                 min         max         mean         sd        +/- sd
            time for request:      184us    261.24ms      2.20ms     12.28ms    99.44%
            time for connect:       59us        84us        71us        18us   100.00%
            time to 1st byte:   256.80ms    261.33ms    259.06ms      3.21ms   100.00%
            req/s           :     893.80      905.78      899.79        8.47   100.00%
            """;

    @Test
    void theSummaryGivesTheRateTheCountsTheBodyBytesAndTheMeanLatency() {
        // When
        H2load.Summary summary = H2load.parse(SUCCESS);

        // Then
        assertThat(summary.requestsPerSecond()).isEqualTo(50085.33);
        assertThat(summary.okPerSecond()).isEqualTo(50085.33);
        assertThat(summary.total()).isEqualTo(150256);
        assertThat(summary.succeeded()).isEqualTo(150256);
        assertThat(summary.status2xx()).isEqualTo(150256);
        assertThat(summary.failed()).isZero();
        assertThat(summary.errors()).isZero();
        assertThat(summary.dataBytes()).isEqualTo(158277632);
        assertThat(summary.meanMs()).isEqualTo(0.615, within(1e-9));
        assertThat(summary.maxMs()).isEqualTo(41.75, within(1e-9));
    }

    @Test
    void answersThatAreNot2xxAreErrorsAndNotPartOfTheRate() {
        // When
        H2load.Summary summary = H2load.parse(ALL_503);

        // Then
        assertThat(summary.requestsPerSecond()).isEqualTo(1800.0);
        assertThat(summary.okPerSecond()).isZero();
        assertThat(summary.errors()).isEqualTo(1800);
        assertThat(summary.failed()).isEqualTo(1800);
        assertThat(summary.meanMs()).isEqualTo(2.20, within(1e-9));
    }

    @Test
    void outputWithoutASummarySaysWhichLineIsMissing() {
        assertThatThrownBy(() -> H2load.parse("starting benchmark...\nconnect to 127.0.0.1 port 1 failed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finished in")
                .hasMessageContaining("connect to 127.0.0.1 port 1 failed");
    }

    @ParameterizedTest
    @CsvSource({ "72us, 0.072", "41.75ms, 41.75", "1.5s, 1500", "0us, 0" })
    void durationsInEveryUnitH2loadPrints(String printed, double millis) {
        assertThat(H2load.millis(printed)).isEqualTo(millis, within(1e-9));
    }

    @Test
    void theLogGivesTheLatenciesOfThe2xxAnswers() throws Exception {
        // Given: start time (µs since the epoch), status, µs until the end of the response
        String log = """
                1796675811759782\t200\t695
                1796675811759783\t200\t749
                1796675811759783\t503\t90000
                1796675811759790\t200\t1200
                """;

        // When
        Histogram latencies = H2load.latencies(new BufferedReader(new StringReader(log)));

        // Then: three 2xx; the 503 left out
        assertThat(latencies.getTotalCount()).isEqualTo(3);
        assertThat(latencies.getMaxValue()).isBetween(1199L, 1201L);
        assertThat(latencies.getValueAtPercentile(50)).isBetween(748L, 750L);
    }

    @Test
    void theCommandNamesTheServiceInTheAuthorityAndLogsEveryRequest() {
        // Given
        Endpoint mcw = new Endpoint("mcw", "127.0.0.2", 20001, "payment.bench.svc.clusterset.local:8080");

        // When
        var command = H2load.command(Path.of("/usr/bin/h2load"), mcw, "/bytes/1024", 4, 8, Duration.ofSeconds(15),
                Path.of("h2load-mcw.tsv"));

        // Then
        assertThat(command).containsExactly("/usr/bin/h2load", "-t1", "-c4", "-m8", "-D", "15",
                "--log-file=h2load-mcw.tsv", "-H", ":authority: payment.bench.svc.clusterset.local:8080",
                "http://127.0.0.2:20001/bytes/1024");
    }
}

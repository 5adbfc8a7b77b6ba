package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;

class BenchmarkReportTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 27);

    @Test
    void reportsTheAddedP99AtTheTargetRateAndTheThroughputRatioWithVerdicts() {
        // Given: direct p99 1 ms, MCW 1.8 ms, HAProxy 1.5 ms at 1,000 req/s; MCW 9,000 vs HAProxy 8,000 req/s max
        List<Result> results = List.of(
                open("direct", 1000, 1000), open("mcw", 1000, 1800), open("haproxy", 1000, 1500),
                closed("direct", 20_000), closed("mcw", 9_000), closed("haproxy", 8_000));

        // When
        String md = BenchmarkReport.render(DAY, "2 cores", 1024, 32, rows(results));

        // Then
        assertThat(md).startsWith("#### 2026-11-27: 2 cores; 1024 B responses, 32 connections");
        assertThat(md).contains("| mcw | open loop | 1000 | 1000 | 1.80 | 1.80 | 1.80 | 1.80 | 0 | 100 | 60 |");
        assertThat(md).contains("| direct | open loop | 1000 | 1000 | 1.00 | 1.00 | 1.00 | 1.00 | 0 | - | - |");
        assertThat(md).contains("| proxy CPU per request at maximum throughput, MCW pair / HAProxy pair"
                + " | 100 / 50 µs = 2.00x |");
        assertThat(md).contains("| proxy CPU per request in user mode at maximum throughput, MCW pair / HAProxy pair"
                + " | 60 / 20 µs = 3.00x |");
        assertThat(md).contains("| proxy CPU per request in system mode at maximum throughput, MCW pair / HAProxy pair"
                + " | 40 / 30 µs = 1.33x |");
        assertThat(md).contains("| p99 added by the MCW pair over direct at 1000 req/s | +0.80 ms (1.80x)"
                + " (target: at most +1.0 ms, met) |");
        assertThat(md).contains("| p99 added by the HAProxy pair over direct at 1000 req/s | +0.50 ms (1.50x) |");
        assertThat(md).contains("| p99 of the MCW pair / the HAProxy pair at 1000 req/s | 1.20x |");
        assertThat(md).contains("| maximum throughput, MCW pair / direct | 0.45x |");
        assertThat(md).contains("| maximum throughput, MCW pair / HAProxy pair | 1.13x (target: at least 1.00x, met) |");
    }

    @Test
    void missedTargetsSaySo() {
        List<Result> results = List.of(open("direct", 1000, 1000), open("mcw", 1000, 2500),
                closed("mcw", 5_000), closed("haproxy", 8_000));

        String md = BenchmarkReport.render(DAY, "2 cores", 1024, 32, rows(results));

        assertThat(md).contains("+1.50 ms (2.50x) (target: at most +1.0 ms, NOT met)");
        assertThat(md).contains("| maximum throughput, MCW pair / HAProxy pair | 0.63x (target: at least 1.00x, NOT met) |");
    }

    @Test
    void otherRatesGetRatiosButNoVerdict() {
        List<Result> results = List.of(open("direct", 4000, 1000), open("mcw", 4000, 3000));

        String md = BenchmarkReport.render(DAY, "2 cores", 1024, 32, rows(results));

        assertThat(md).contains("| p99 added by the MCW pair over direct at 4000 req/s | +2.00 ms (3.00x) |");
        assertThat(md).doesNotContain("target:");
    }

    @Test
    void severalSectionsEachGetTheirTitleUnitsAndOwnVerdicts() {
        // Given: TCP echo round trips with issue 15's targets (MCW 20 µs per round trip against HAProxy's 50), and a
        // bulk transfer in MiB/s without targets
        BenchmarkReport.Section echo = new BenchmarkReport.Section("TCP echo", "round trips of 1024 B, 8 connections",
                BenchmarkReport.Unit.ROUND_TRIPS, BenchmarkReport.Targets.ALL, List.of(
                        new BenchmarkReport.Row(open("direct", 1000, 400), Double.NaN, Double.NaN),
                        new BenchmarkReport.Row(open("mcw", 1000, 900), 80, 30),
                        new BenchmarkReport.Row(closed("mcw", 30_000), 20, 8),
                        new BenchmarkReport.Row(closed("haproxy", 36_000), 50, 20)),
                List.of());
        BenchmarkReport.Section bulk = new BenchmarkReport.Section("TCP bulk", "1 connection", BenchmarkReport.Unit.MIB,
                BenchmarkReport.Targets.NONE, List.of(
                        new BenchmarkReport.Row(throughput("mcw", 812.25), 310, 100),
                        new BenchmarkReport.Row(throughput("haproxy", 1250.5), 200, 50)),
                List.of("direct was not measured: it did not answer TCP bulk's check"));

        // When
        String md = BenchmarkReport.render(DAY, "2 cores", List.of(echo, bulk));

        // Then
        assertThat(md).startsWith("#### 2026-11-27: 2 cores\n\n**TCP echo**: round trips of 1024 B, 8 connections");
        assertThat(md).contains("| target | load | offered (round trips/s) | achieved (round trips/s) | p50 (ms)");
        assertThat(md).contains("| proxy CPU (µs/round trip) |");
        assertThat(md).contains("| p99 added by the MCW pair over direct at 1000 round trips/s | +0.50 ms (2.25x)"
                + " (target: at most +1.0 ms, met) |");
        assertThat(md).contains("| maximum throughput, MCW pair / HAProxy pair | 0.83x (target: at least 1.00x,"
                + " NOT met) |");
        assertThat(md).contains("| proxy CPU per round trip at maximum throughput, MCW pair / HAProxy pair"
                + " | 20 / 50 µs = 0.40x (target: at most 1.00x, met) |");
        assertThat(md).contains("**TCP bulk**: 1 connection");
        assertThat(md).contains("| mcw | 1 connection, reading | - | 812.3 | - | - | - | - | 0 | 310 | 100 |");
        assertThat(md).contains("direct was not measured: it did not answer TCP bulk's check");
        assertThat(md).contains("| maximum throughput, MCW pair / HAProxy pair | 0.65x |");
        assertThat(md).contains("| proxy CPU per MiB at maximum throughput, MCW pair / HAProxy pair | 310 / 200 µs"
                + " = 1.55x |");
    }

    @Test
    void theHttp1ReportHasNoCpuVerdict() {
        String md = BenchmarkReport.render(DAY, "2 cores", 1024, 32, rows(List.of(closed("mcw", 9_000),
                closed("haproxy", 8_000))));

        assertThat(md).contains("| proxy CPU per request at maximum throughput, MCW pair / HAProxy pair"
                + " | 100 / 50 µs = 2.00x |");
    }

    /** Rows with a proxy CPU of 100 µs per request (60 user) for mcw, 50 (20 user) for haproxy, none for direct. */
    private static List<BenchmarkReport.Row> rows(List<Result> results) {
        return results.stream().map(r -> switch (r.target()) {
            case "mcw" -> new BenchmarkReport.Row(r, 100.0, 60.0);
            case "haproxy" -> new BenchmarkReport.Row(r, 50.0, 20.0);
            default -> new BenchmarkReport.Row(r, Double.NaN, Double.NaN);
        }).toList();
    }

    /** An open-loop result whose every latency is {@code micros}. */
    private static Result open(String target, double rate, long micros) {
        return new Result(target, "open loop", rate, rate, 100, 0, 102_400, histogram(micros),
                new SlowRequests(50_000));
    }

    private static Result closed(String target, double achieved) {
        return new Result(target, "closed loop, 32 in flight", 0, achieved, 1000, 0, 1_024_000, histogram(500),
                new SlowRequests(50_000));
    }

    /** A bulk result: no latencies, a rate in MiB/s. */
    private static Result throughput(String target, double mibPerSecond) {
        return new Result(target, "1 connection, reading", 0, mibPerSecond, 1000, 0, 1L << 30, new Histogram(3),
                new SlowRequests(50_000));
    }

    private static Histogram histogram(long micros) {
        Histogram histogram = new Histogram(3);
        histogram.recordValueWithCount(micros, 100);
        return histogram;
    }
}

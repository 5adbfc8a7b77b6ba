package io.l7mp.mcw.sandbox.bench;

import java.time.Duration;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;

/**
 * One kind of load of the gateway benchmark (HTTP/1.1 GETs, h2c GETs, gRPC unary calls, a gRPC stream, TCP echo round
 * trips, TCP bulk bytes): what it is sent to, how it is measured against a target, and how its section of the report
 * is headed. Every workload has a closed loop (its maximum throughput); those with {@link #hasOpenLoop()} also run at
 * fixed rates.
 */
interface Workload {

    /** The {@code --protocol} value that selects it. */
    Protocol protocol();

    /** Its section's title in the report ("gRPC unary"). */
    String title();

    /** How it loads a target, for the report ("1024 B messages, 4 connections"). */
    String description();

    BenchmarkReport.Unit unit();

    BenchmarkReport.Targets targets();

    /** The exported service it goes to, and so its backend, its egress port and its HAProxy pair. */
    BenchService service();

    /** The configuration of the HAProxy pair it is compared through. */
    HaproxyPair.Mode haproxyMode();

    /** Whether it runs open loops at the benchmark's fixed rates. */
    boolean hasOpenLoop();

    /** Maximum throughput (or, for a stream or a bulk transfer, the bytes per second) for {@code duration}. */
    Result closedLoop(Endpoint target, Duration duration);

    /** Fixed-rate load, latency from each request's intended send time; only if {@link #hasOpenLoop()}. */
    default Result openLoop(Endpoint target, double rate, Duration settle, Duration duration) {
        throw new UnsupportedOperationException(title() + " has no open loop");
    }

    /** What the proxies' CPU time is divided by: the successful requests, or for bytes, the MiB. */
    default double units(Result result) {
        return result.ok();
    }

    /** One exchange through {@code target} must succeed before anything is measured; throws when it does not. */
    void check(Endpoint target) throws Exception;
}

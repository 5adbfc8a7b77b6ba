package io.l7mp.mcw.telemetry.domain;

import java.util.Arrays;

/**
 * Round-trip time of one tunnel: the RFC 6298 smoothed RTT and RTT variation (the first sample R gives
 * {@code srtt = R}, {@code rttvar = R / 2}; each later one {@code rttvar = 3/4 rttvar + 1/4 |srtt - R|}, then
 * {@code srtt = 7/8 srtt + 1/8 R}), the loss timeout derived from them, and the 99th percentile of the last
 * {@code window} samples. Times in nanoseconds. Not thread-safe: one thread owns it.
 */
public final class RttEstimator {
    private static final double ALPHA = 1.0 / 8;
    private static final double BETA = 1.0 / 4;

    private final long[] recent;
    private int count;
    private int next;
    private double srttNanos;
    private double rttvarNanos;

    public RttEstimator(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("RttEstimator window is " + window + ", expected at least 1 sample");
        }
        this.recent = new long[window];
    }

    /** Takes one round-trip time, in nanoseconds (negative ones are refused: the caller's clock went backwards). */
    public void add(long rttNanos) {
        if (rttNanos < 0) {
            throw new IllegalArgumentException("round-trip time is " + rttNanos + " ns, expected >= 0");
        }
        if (count == 0) {
            srttNanos = rttNanos;
            rttvarNanos = rttNanos / 2.0;
        } else {
            rttvarNanos = (1 - BETA) * rttvarNanos + BETA * Math.abs(srttNanos - rttNanos);
            srttNanos = (1 - ALPHA) * srttNanos + ALPHA * rttNanos;
        }
        recent[next] = rttNanos;
        next = (next + 1) % recent.length;
        count++;
    }

    /** Whether any sample was taken. */
    public boolean hasSamples() {
        return count > 0;
    }

    /** RFC 6298 SRTT in nanoseconds; 0 before the first sample. */
    public double srttNanos() {
        return srttNanos;
    }

    /** RFC 6298 RTTVAR in nanoseconds; 0 before the first sample. */
    public double rttvarNanos() {
        return rttvarNanos;
    }

    /**
     * How long an unanswered probe is waited for before it counts as timed out: {@code srtt + 4 * rttvar} (RFC 6298's
     * RTO without its clock-granularity term, which nanoseconds make moot) clamped to [min, max]; {@code max} before
     * the first sample.
     */
    public long lossTimeoutNanos(long minNanos, long maxNanos) {
        if (count == 0) {
            // nothing known yet: a slow tunnel must not look dead before its first answer (RFC 6298 2.1)
            return maxNanos;
        }
        double rto = srttNanos + 4 * rttvarNanos;
        return (long) Math.max(minNanos, Math.min(maxNanos, rto));
    }

    /**
     * The 99th percentile (nearest rank: the {@code ceil(0.99 n)}-th smallest) of the last {@code window} samples, in
     * nanoseconds; 0 before the first sample.
     */
    public long p99Nanos() {
        int n = Math.min(count, recent.length);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.99 * n);
        return sorted[rank - 1];
    }
}

package io.l7mp.mcw.telemetry.domain;

/**
 * Interarrival jitter of one tunnel after RFC 3550 (section 6.4.1): for two consecutive replies in arrival order the
 * transit difference {@code D} is the difference of their probes' round-trip times (what the RFC's
 * {@code (Rj - Ri) - (Sj - Si)} becomes when send and arrival are taken on the same clock), and
 * {@code J += (|D| - J) / 16}. Times in nanoseconds. Not thread-safe: one thread owns it.
 */
public final class JitterEstimator {
    private boolean hasPrevious;
    private long previousRttNanos;
    private double jitterNanos;

    /** Takes the round-trip time of the reply that arrived now, in arrival order (not probe order). */
    public void add(long rttNanos) {
        if (hasPrevious) {
            long difference = Math.abs(rttNanos - previousRttNanos);
            jitterNanos += (difference - jitterNanos) / 16;
        }
        previousRttNanos = rttNanos;
        hasPrevious = true;
    }

    /** The current estimate in nanoseconds; 0 until two replies arrived. */
    public double jitterNanos() {
        return jitterNanos;
    }
}

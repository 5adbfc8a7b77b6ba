package io.l7mp.mcw.testkit.wan;

/**
 * A bandwidth cap for one direction of a path, shared by every connection and flow on it. Tokens are bytes; they
 * refill at the path's current rate up to a burst of {@value #BURST_MILLIS} ms worth. A reservation may drive the
 * bucket into debt: the bytes then wait until the debt is repaid, which spaces chunks out at the rate (the caller
 * bounds how much waits). Called from several event loops, hence synchronized; it is a few arithmetic operations.
 */
final class TokenBucket {

    static final long BURST_MILLIS = 50;
    /** The smallest burst: one full-size Ethernet frame, so that a low rate still passes whole packets. */
    static final long MIN_BURST_BYTES = 1500;

    private double tokens = Double.NaN;
    private long refilledAtNanos;

    /** The burst (bucket size) at {@code bytesPerSecond}. */
    static long burst(long bytesPerSecond) {
        return Math.max(MIN_BURST_BYTES, bytesPerSecond * BURST_MILLIS / 1000);
    }

    /**
     * Reserves {@code bytes} at {@code bytesPerSecond} (0: unlimited) and returns how long from {@code nowNanos} they
     * must wait; or -1, reserving nothing, when that wait would exceed {@code maxWaitNanos}.
     */
    synchronized long reserve(long bytes, long bytesPerSecond, long nowNanos, long maxWaitNanos) {
        if (bytesPerSecond <= 0) {
            tokens = Double.NaN;
            return 0;
        }
        double capacity = burst(bytesPerSecond);
        if (Double.isNaN(tokens)) {
            tokens = capacity;
            refilledAtNanos = nowNanos;
        }
        double refilled = Math.min(capacity, tokens + (nowNanos - refilledAtNanos) * bytesPerSecond / 1e9);
        double left = refilled - bytes;
        long waitNanos = left >= 0 ? 0 : (long) Math.ceil(-left * 1e9 / bytesPerSecond);
        if (waitNanos > maxWaitNanos) {
            return -1;
        }
        tokens = left;
        refilledAtNanos = nowNanos;
        return waitNanos;
    }
}

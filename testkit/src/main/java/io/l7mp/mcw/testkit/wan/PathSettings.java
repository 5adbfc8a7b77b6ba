package io.l7mp.mcw.testkit.wan;

import java.time.Duration;
import java.util.Locale;

/**
 * What a {@link WanPath} does to the traffic crossing it. Every value applies in each direction separately.
 *
 * @param delay one-way delay added to every chunk (TCP) or datagram (UDP)
 * @param jitter an extra delay, uniformly random from 0 to this, per chunk or datagram
 * @param lossPercent UDP: the chance a datagram is dropped; TCP: the chance a chunk is held back an extra
 *        {@code retransmitDelay}, as a retransmission after a lost segment would
 * @param bandwidthBytesPerSecond a cap per direction; 0 means unlimited
 * @param retransmitDelay how long a "lost" TCP chunk is held back (default 200 ms, Linux's minimum RTO)
 * @param cut whether the path is cut, and how
 */
public record PathSettings(Duration delay, Duration jitter, double lossPercent, long bandwidthBytesPerSecond,
        Duration retransmitDelay, Cut cut) {

    /** How a cut path treats traffic; see docs/wan-emulator.md for what each looks like on the wire. */
    public enum Cut {
        /** Not cut. */
        NONE,
        /** Everything silently dropped or held: no bytes move, no reset is sent, TCP streams resume on restore. */
        BLACKHOLE,
        /** TCP connections reset on both sides, new ones reset at once; UDP dropped. */
        RESET
    }

    /** The longest delay, jitter or retransmit delay accepted: anything longer is a typo, not a WAN. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETRANSMIT_DELAY = Duration.ofMillis(200);
    public static final PathSettings UNIMPAIRED = new PathSettings(Duration.ZERO, Duration.ZERO, 0, 0,
            DEFAULT_RETRANSMIT_DELAY, Cut.NONE);

    public PathSettings {
        checkDelay("delay", delay);
        checkDelay("jitter", jitter);
        checkDelay("retransmitDelay", retransmitDelay);
        checkLossPercent(lossPercent);
        checkBandwidth(bandwidthBytesPerSecond);
        if (cut == null) {
            throw new IllegalArgumentException("cut: null, expected one of NONE, BLACKHOLE, RESET");
        }
    }

    static void checkDelay(String field, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(field + ": " + value + " is out of range, expected 0 to "
                    + MAX_DELAY.toMillis() + " ms");
        }
    }

    static void checkLossPercent(double value) {
        if (Double.isNaN(value) || value < 0 || value > 100) {
            throw new IllegalArgumentException("lossPercent: " + value + " is out of range, expected 0 to 100");
        }
    }

    static void checkBandwidth(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("bandwidthBytesPerSecond: " + value
                    + " is negative, expected a positive number of bytes per second, or 0 for unlimited");
        }
    }

    public PathSettings withDelay(Duration value) {
        return new PathSettings(value, jitter, lossPercent, bandwidthBytesPerSecond, retransmitDelay, cut);
    }

    public PathSettings withJitter(Duration value) {
        return new PathSettings(delay, value, lossPercent, bandwidthBytesPerSecond, retransmitDelay, cut);
    }

    public PathSettings withLossPercent(double value) {
        return new PathSettings(delay, jitter, value, bandwidthBytesPerSecond, retransmitDelay, cut);
    }

    public PathSettings withBandwidth(long bytesPerSecond) {
        return new PathSettings(delay, jitter, lossPercent, bytesPerSecond, retransmitDelay, cut);
    }

    public PathSettings withRetransmitDelay(Duration value) {
        return new PathSettings(delay, jitter, lossPercent, bandwidthBytesPerSecond, value, cut);
    }

    public PathSettings withCut(Cut value) {
        return new PathSettings(delay, jitter, lossPercent, bandwidthBytesPerSecond, retransmitDelay, value);
    }

    /** Whether anything but a cut changes the traffic (delay, jitter, loss or a bandwidth cap). */
    public boolean impaired() {
        return !delay.isZero() || !jitter.isZero() || lossPercent > 0 || bandwidthBytesPerSecond > 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "delay=%dms jitter=%dms loss=%s%% bandwidth=%s retransmitDelay=%dms cut=%s",
                delay.toMillis(), jitter.toMillis(), lossPercent,
                bandwidthBytesPerSecond == 0 ? "unlimited" : bandwidthBytesPerSecond + "B/s",
                retransmitDelay.toMillis(), cut.name().toLowerCase(Locale.ROOT));
    }
}

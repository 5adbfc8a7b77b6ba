package io.l7mp.mcw.api.event;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * What the probes of one tunnel measured.
 *
 * @param rttMs smoothed round-trip time (RFC 6298 SRTT) in milliseconds
 * @param rttP99Ms 99th percentile of the round-trip times in the measurement window
 * @param jitterMs interarrival jitter (RFC 3550, over consecutive replies) in milliseconds
 * @param lossPercent probes lost in the loss window, 0-100
 * @param samples probes whose fate (answered or lost) the figures rest on
 */
public record TunnelFigures(double rttMs, double rttP99Ms, double jitterMs, double lossPercent, int samples) {

    public static final TunnelFigures NONE = new TunnelFigures(0, 0, 0, 0, 0);

    public TunnelFigures {
        if (rttMs < 0 || rttP99Ms < 0 || jitterMs < 0 || samples < 0) {
            throw new IllegalArgumentException("TunnelFigures has a negative figure: rttMs=" + rttMs + " rttP99Ms="
                    + rttP99Ms + " jitterMs=" + jitterMs + " samples=" + samples + ", expected >= 0");
        }
        if (lossPercent < 0 || lossPercent > 100) {
            throw new IllegalArgumentException("TunnelFigures.lossPercent is " + lossPercent + ", expected 0-100");
        }
    }

    /**
     * These figures with rtt, p99, jitter and loss rounded to two significant digits (as {@link #describe()} shows
     * them), so that figures that look the same are the same; {@code samples} unchanged.
     */
    public TunnelFigures rounded() {
        return new TunnelFigures(round(rttMs), round(rttP99Ms), round(jitterMs), round(lossPercent),
                samples);
    }

    private static double round(double value) {
        return value == 0 ? 0 : new BigDecimal(value).round(new MathContext(2)).doubleValue();
    }

    /** One line for logs and messages: {@code rtt 0.4 ms, jitter 0.1 ms, loss 0 %}. */
    public String describe() {
        return "rtt " + Sla.format(rttMs) + " ms, jitter " + Sla.format(jitterMs) + " ms, loss "
                + Sla.format(lossPercent) + " %";
    }
}

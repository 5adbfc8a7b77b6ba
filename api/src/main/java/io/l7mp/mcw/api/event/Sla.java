package io.l7mp.mcw.api.event;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SLA of a WAN policy; a null bound is not enforced. {@code latencyMs} bounds the tunnel's smoothed round-trip time
 * (what probes can measure without synchronized clocks), {@code jitterMs} its RFC 3550 jitter, {@code lossPercent}
 * the share of probes lost.
 */
public record Sla(Double latencyMs, Double jitterMs, Double lossPercent) {

    public static final Sla BEST_EFFORT = new Sla(null, null, null);

    /** The bounds {@code figures} break, e.g. {@code latency 120 ms > 100 ms}; empty when it meets them all. */
    public List<String> violations(TunnelFigures figures) {
        List<String> violations = new ArrayList<>(3);
        if (latencyMs != null && figures.rttMs() > latencyMs) {
            violations.add("latency " + format(figures.rttMs()) + " ms > " + format(latencyMs) + " ms");
        }
        if (jitterMs != null && figures.jitterMs() > jitterMs) {
            violations.add("jitter " + format(figures.jitterMs()) + " ms > " + format(jitterMs) + " ms");
        }
        if (lossPercent != null && figures.lossPercent() > lossPercent) {
            violations.add("loss " + format(figures.lossPercent()) + " % > " + format(lossPercent) + " %");
        }
        return violations;
    }

    /**
     * This SLA with every bound lowered by {@code margin} (a fraction, 0 &lt;= margin &lt; 1): {@code 0.1} turns a
     * 100 ms latency bound into 90 ms. A tunnel that broke an SLA is held to the tightened one before it counts as
     * meeting it again, so that a figure hovering at a bound does not flap the verdict.
     */
    public Sla tightenedBy(double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("Sla margin is " + margin + ", expected a fraction 0 <= margin < 1");
        }
        double factor = 1 - margin;
        return new Sla(scale(latencyMs, factor), scale(jitterMs, factor), scale(lossPercent, factor));
    }

    private static Double scale(Double bound, double factor) {
        return bound == null ? null : bound * factor;
    }

    /** Whether {@code figures} meet every bound. */
    public boolean metBy(TunnelFigures figures) {
        return violations(figures).isEmpty();
    }

    /** Two significant digits, no exponent: {@code 0.42}, {@code 120}, {@code 1.5}. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(2));
        String text = rounded.stripTrailingZeros().toPlainString();
        return text.toLowerCase(Locale.ROOT);
    }
}

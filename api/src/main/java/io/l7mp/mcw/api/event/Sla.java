package io.l7mp.mcw.api.event;

/** SLA of a WAN policy; a null bound is not enforced. */
public record Sla(Double latencyMs, Double jitterMs, Double lossPercent) {
    public static final Sla BEST_EFFORT = new Sla(null, null, null);
}

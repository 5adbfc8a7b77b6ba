package io.l7mp.mcw.api.event;

/**
 * The health of one SD-WAN tunnel from one cluster to another, as its probes measure it (DESIGN D5).
 */
public enum TunnelState {
    /** Probes answered, and the figures meet the SLA of every policy that uses the tunnel. */
    UP,
    /** Probes answered, but the figures break the SLA of at least one policy that uses the tunnel. */
    DEGRADED,
    /** The last probes in a row were all lost: nothing gets through. */
    DOWN,
    /** No probe has been answered or lost yet (just started, or the tunnel is new). */
    UNKNOWN;

    /** Whether traffic can use the tunnel at all: anything but {@link #DOWN}; an unknown tunnel is given the benefit. */
    public boolean carriesTraffic() {
        return this != DOWN;
    }
}

package io.l7mp.mcw.telemetry.domain;

/** What {@link TunnelProbes#onEcho} made of one echo; the adapter counts them (a metric per outcome). */
public enum EchoOutcome {
    /** Answered within the loss timeout: an RTT sample, an answered probe. */
    ON_TIME,
    /**
     * Answered after the loss timeout but within the late window: still an RTT sample and an answered probe, and it
     * ends the run of timed-out probes (the tunnel is alive, only slow).
     */
    LATE,
    /** A second echo of a probe already answered: ignored. */
    DUPLICATE,
    /** The echo of a probe already lost for good (its late window had passed): ignored. */
    TOO_LATE,
    /** Not an echo of any probe sent here (unknown sequence, wrong send time, or not an echo at all): ignored. */
    UNKNOWN
}

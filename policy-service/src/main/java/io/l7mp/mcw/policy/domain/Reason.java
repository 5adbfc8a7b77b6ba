package io.l7mp.mcw.policy.domain;

/**
 * Reason of the {@code Accepted} condition of a WANPolicy. The declaration order is the order in which
 * problems are reported: when a policy has several, the condition's reason is the first one.
 */
public enum Reason {
    VALID("Valid"),
    INVALID_PORT("InvalidPort"),
    PORT_CONFLICT("PortConflict"),
    INVALID_SLA("InvalidSLA"),
    MISSING_TUNNEL("MissingTunnel"),
    INVALID_DSCP("InvalidDSCP"),
    INVALID_FAILOVER("InvalidFailover");

    private final String text;

    Reason(String text) {
        this.text = text;
    }

    /** The CamelCase reason as it appears in the status condition. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}

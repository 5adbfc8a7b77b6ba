package io.l7mp.mcw.export.domain;

import java.util.Objects;

import io.l7mp.mcw.api.mcs.McsConditions;

/**
 * A condition the planner wants on a ServiceExport's status. The Kubernetes adapter adds
 * lastTransitionTime and observedGeneration.
 *
 * @param reason CamelCase; the MCS API constants where they exist ({@link McsConditions})
 */
public record ExportCondition(String type, Status status, String reason, String message) {

    public static final String VALID = McsConditions.VALID;
    /** MCW: which Service ports cross the WAN (TCP only). */
    public static final String PORTS_CARRIED = McsConditions.PORTS_CARRIED;
    public static final String WAN_POLICY_RESOLVED = "WANPolicyResolved";
    public static final String CONFLICT = McsConditions.CONFLICT;
    public static final String READY = McsConditions.READY;

    public static final String REASON_RESOLVED = "Resolved";
    public static final String REASON_POLICY_NOT_FOUND = "PolicyNotFound";
    public static final String REASON_POLICY_NOT_ACCEPTED = "PolicyNotAccepted";
    public static final String REASON_POLICY_NOT_SPECIFIED = "PolicyNotSpecified";
    /** MCW, {@code Ready=False}: the cluster id changed while running; withdrawn until the service restarts. */
    public static final String REASON_CLUSTER_ID_CHANGED = "ClusterIdChanged";

    /** A condition's status, as metav1.Condition has it. */
    public enum Status {
        TRUE("True"),
        FALSE("False"),
        UNKNOWN("Unknown");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        /** "True", "False" or "Unknown", as Kubernetes writes it. */
        public String text() {
            return text;
        }
    }

    public ExportCondition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static ExportCondition isTrue(String type, String reason, String message) {
        return new ExportCondition(type, Status.TRUE, reason, message);
    }

    public static ExportCondition isFalse(String type, String reason, String message) {
        return new ExportCondition(type, Status.FALSE, reason, message);
    }

    public static ExportCondition unknown(String type, String reason, String message) {
        return new ExportCondition(type, Status.UNKNOWN, reason, message);
    }

    public boolean holds() {
        return status == Status.TRUE;
    }

    /** "True", "False" or "Unknown", as Kubernetes writes it. */
    public String statusText() {
        return status.text();
    }
}

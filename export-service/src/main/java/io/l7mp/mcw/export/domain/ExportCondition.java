package io.l7mp.mcw.export.domain;

import java.util.Objects;

/**
 * A condition the planner wants on a ServiceExport's status. The Kubernetes adapter adds
 * lastTransitionTime and observedGeneration.
 */
public record ExportCondition(String type, boolean status, String reason, String message) {

    public static final String VALID = "Valid";
    public static final String WAN_POLICY_RESOLVED = "WANPolicyResolved";
    public static final String CONFLICT = "Conflict";
    public static final String READY = "Ready";

    public static final String REASON_SERVICE_FOUND = "ServiceFound";
    public static final String REASON_SERVICE_NOT_FOUND = "ServiceNotFound";
    public static final String REASON_RESOLVED = "Resolved";
    public static final String REASON_POLICY_NOT_FOUND = "PolicyNotFound";
    public static final String REASON_POLICY_NOT_ACCEPTED = "PolicyNotAccepted";
    public static final String REASON_POLICY_NOT_SPECIFIED = "PolicyNotSpecified";
    public static final String REASON_NO_CONFLICT = "NoConflict";
    public static final String REASON_EXPORTED = "Exported";
    public static final String REASON_WAITING = "Waiting";

    public ExportCondition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }

    public static ExportCondition isTrue(String type, String reason, String message) {
        return new ExportCondition(type, true, reason, message);
    }

    public static ExportCondition isFalse(String type, String reason, String message) {
        return new ExportCondition(type, false, reason, message);
    }

    /** "True" or "False", as Kubernetes writes it. */
    public String statusText() {
        return status ? "True" : "False";
    }
}

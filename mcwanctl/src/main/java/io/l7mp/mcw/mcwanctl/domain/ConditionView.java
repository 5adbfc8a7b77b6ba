package io.l7mp.mcw.mcwanctl.domain;

/** A status condition as printed: type, status, reason, message, last transition time (RFC 3339). */
public record ConditionView(String type, String status, String reason, String message, String lastTransitionTime) {
}

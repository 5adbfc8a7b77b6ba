package io.l7mp.mcw.telemetry.domain;

/**
 * Something an operator should know about a plan that still went ahead (log it, once per change of the plan).
 *
 * @param subject what it is about ({@code cluster cluster-2}, {@code cluster cluster-2 tunnel business})
 */
public record Notice(String subject, String message) {
}

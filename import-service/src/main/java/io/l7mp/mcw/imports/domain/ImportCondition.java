package io.l7mp.mcw.imports.domain;

/**
 * A condition the ServiceImport should carry; the adapter adds lastTransitionTime and observedGeneration.
 *
 * @param reason CamelCase, per the Kubernetes API conventions
 */
public record ImportCondition(String type, boolean status, String reason, String message) {
    public static final String READY = "Ready";
    public static final String CONFLICT = "Conflict";
}

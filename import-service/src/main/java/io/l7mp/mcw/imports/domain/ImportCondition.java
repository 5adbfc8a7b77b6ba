package io.l7mp.mcw.imports.domain;

import java.util.Set;

import io.l7mp.mcw.api.mcs.McsConditions;

/**
 * A condition the ServiceImport should carry; the adapter adds lastTransitionTime and observedGeneration.
 *
 * @param reason CamelCase, per the Kubernetes API conventions; the MCS API constants where they exist
 */
public record ImportCondition(String type, Status status, String reason, String message) {

    public static final String READY = McsConditions.READY;
    public static final String CONFLICT = McsConditions.CONFLICT;
    /** Present when an exporting cluster's Service has ports MCW does not carry (UDP, SCTP). */
    public static final String PORTS_CARRIED = McsConditions.PORTS_CARRIED;
    /** Whether the tunnels in use to the exporting clusters meet the WAN policy's SLA (DESIGN D2). */
    public static final String WAN_POLICY_SATISFIED = "WANPolicySatisfied";
    /**
     * On a static ServiceImport ({@link PinnedImport}): the ingress it is pinned to, and the exports of the same
     * service on the bus that are not merged into it.
     */
    public static final String STATIC_INGRESS = "StaticIngress";
    /** The types this service writes; conditions of other types on a ServiceImport belong to others. */
    public static final Set<String> OWNED = Set.of(READY, CONFLICT, PORTS_CARRIED, WAN_POLICY_SATISFIED,
            STATIC_INGRESS);

    /** A condition's status, as metav1.Condition has it. */
    public enum Status {
        TRUE("True"),
        FALSE("False"),
        UNKNOWN("Unknown");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public static Status of(boolean value) {
            return value ? TRUE : FALSE;
        }

        /** How the API writes it: {@code True}, {@code False}, {@code Unknown}. */
        public String wire() {
            return wire;
        }
    }

    public ImportCondition(String type, boolean status, String reason, String message) {
        this(type, Status.of(status), reason, message);
    }
}

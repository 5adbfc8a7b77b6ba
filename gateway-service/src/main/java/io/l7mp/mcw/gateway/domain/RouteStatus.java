package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * The status the MCW gateway writes on one HTTPRoute ({@code status.parents}): an entry per parent it handles, each
 * with the Gateway API conditions {@code Accepted} and {@code ResolvedRefs}, their spec reasons and a message that
 * names the field and what is wrong. Computed with the route table; the Kubernetes adapter adds
 * {@code lastTransitionTime} and writes it only when it changed.
 *
 * @param generation the route's {@code metadata.generation} the status is about (written as
 *        {@code observedGeneration}); null when unknown
 */
public record RouteStatus(ObjectRef route, Long generation, List<ParentStatus> parents) {

    /** {@code status.parents[].controllerName} of every entry the MCW gateway writes. */
    public static final String CONTROLLER_NAME = "mcw.l7mp.io/gateway";

    public static final String ACCEPTED = "Accepted";
    public static final String RESOLVED_REFS = "ResolvedRefs";

    /** Accepted reasons (Gateway API {@code RouteConditionReason}). */
    public static final String NOT_ALLOWED_BY_LISTENERS = "NotAllowedByListeners";
    public static final String NO_MATCHING_PARENT = "NoMatchingParent";
    public static final String UNSUPPORTED_VALUE = "UnsupportedValue";

    /** ResolvedRefs reasons. */
    public static final String BACKEND_NOT_FOUND = "BackendNotFound";
    public static final String INVALID_KIND = "InvalidKind";
    public static final String REF_NOT_PERMITTED = "RefNotPermitted";

    public RouteStatus {
        parents = List.copyOf(parents);
    }

    /** One {@code status.parents[]} entry. */
    public record ParentStatus(ParentRef parentRef, Condition accepted, Condition resolvedRefs) {
    }

    /** A condition without its time: {@code status} True or False, a spec reason, a message. */
    public record Condition(String type, boolean status, String reason, String message) {
        public static Condition accepted(String message) {
            return new Condition(ACCEPTED, true, ACCEPTED, message);
        }

        public static Condition notAccepted(String reason, String message) {
            return new Condition(ACCEPTED, false, reason, message);
        }
    }
}

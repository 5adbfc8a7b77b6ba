package io.l7mp.mcw.gateway.domain;

/**
 * A backendRef of an HTTPRoute rule that cannot be used. The share of the rule's requests it would get is answered
 * 500 (Gateway API: "the proportion of requests that would otherwise have been routed to an invalid backend MUST
 * receive a 500 status code"), and the route's {@code ResolvedRefs} condition says why.
 *
 * @param weight its weight among the rule's backends, reduced together with theirs
 * @param reason the {@code ResolvedRefs} reason: {@link RouteStatus#BACKEND_NOT_FOUND},
 *        {@link RouteStatus#INVALID_KIND} or {@link RouteStatus#REF_NOT_PERMITTED}
 * @param message which backendRef, what is wrong with it
 */
public record UnresolvedBackend(int weight, String reason, String message) {
    public UnresolvedBackend withWeight(int reduced) {
        return new UnresolvedBackend(reduced, reason, message);
    }
}

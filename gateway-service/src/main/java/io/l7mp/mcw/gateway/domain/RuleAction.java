package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** What a rule does with a request it matches. */
public sealed interface RuleAction {
    /**
     * Send it to one of the destinations, chosen by weight; the unresolved backends' share is answered 500, and so is
     * every request when no destination is left.
     */
    record Forward(List<WeightedDestination> destinations, List<UnresolvedBackend> unresolved) implements RuleAction {
        public Forward {
            destinations = List.copyOf(destinations);
            unresolved = unresolved == null ? List.of() : List.copyOf(unresolved);
        }

        /** The sum of the unresolved backends' weights. */
        public int unresolvedWeight() {
            return unresolved.stream().mapToInt(UnresolvedBackend::weight).sum();
        }
    }

    /** Answer it with a redirect (Gateway API {@code RequestRedirect}); nothing is forwarded. */
    record Redirect(RequestRedirect redirect) implements RuleAction {
    }
}

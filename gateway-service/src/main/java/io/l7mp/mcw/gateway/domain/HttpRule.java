package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * A compiled HTTP routing rule. A host's rules are tried in order; the first rule with a matching condition wins.
 *
 * @param matches OR-ed conditions; {@link HttpMatch#ANY} for a rule that matches everything
 * @param action forward to weighted destinations (at least one for a VirtualService; an HTTPRoute rule whose backends
 *        are all invalid has none and answers 500), or redirect
 * @param requestHeaders modifications of the rule, applied before the chosen destination's
 */
public record HttpRule(List<HttpMatch> matches, RuleAction action, HeaderModifier requestHeaders,
        RuleSource.L7Rule source) {
    public HttpRule {
        matches = List.copyOf(matches);
        if (matches.isEmpty() || action == null) {
            throw new IllegalArgumentException("HttpRule " + source + " needs at least one match and an action");
        }
        requestHeaders = requestHeaders == null ? HeaderModifier.NONE : requestHeaders;
    }

    /** A rule that forwards to {@code destinations} (at least one). */
    public HttpRule(List<HttpMatch> matches, List<WeightedDestination> destinations, HeaderModifier requestHeaders,
            RuleSource.L7Rule source) {
        this(matches, new RuleAction.Forward(nonEmpty(destinations, source), List.of()), requestHeaders, source);
    }

    /** The destinations it forwards to; none for a redirect. */
    public List<WeightedDestination> destinations() {
        return action instanceof RuleAction.Forward f ? f.destinations() : List.of();
    }

    /** The same rule forwarding to {@code resolved}, with the backends that could not be resolved. */
    public HttpRule withForward(List<WeightedDestination> resolved, List<UnresolvedBackend> unresolved) {
        return new HttpRule(matches, new RuleAction.Forward(resolved, unresolved), requestHeaders, source);
    }

    public HttpRule withDestinations(List<WeightedDestination> resolved) {
        return new HttpRule(matches, resolved, requestHeaders, source);
    }

    private static List<WeightedDestination> nonEmpty(List<WeightedDestination> destinations,
            RuleSource.L7Rule source) {
        if (destinations == null || destinations.isEmpty()) {
            throw new IllegalArgumentException("HttpRule " + source + " needs at least one match and destination");
        }
        return destinations;
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * A compiled HTTP routing rule. A host's rules are tried in order; the first rule with a matching condition wins.
 *
 * @param matches OR-ed conditions; {@link HttpMatch#ANY} for a rule that matches everything
 * @param destinations at least one; chosen by weight
 * @param requestHeaders modifications of the rule, applied before the chosen destination's
 */
public record HttpRule(List<HttpMatch> matches, List<WeightedDestination> destinations,
        HeaderModifier requestHeaders, RuleSource.L7Rule source) {
    public HttpRule {
        matches = List.copyOf(matches);
        destinations = List.copyOf(destinations);
        if (matches.isEmpty() || destinations.isEmpty()) {
            throw new IllegalArgumentException("HttpRule " + source + " needs at least one match and destination");
        }
        requestHeaders = requestHeaders == null ? HeaderModifier.NONE : requestHeaders;
    }

    public HttpRule withDestinations(List<WeightedDestination> resolved) {
        return new HttpRule(matches, resolved, requestHeaders, source);
    }
}

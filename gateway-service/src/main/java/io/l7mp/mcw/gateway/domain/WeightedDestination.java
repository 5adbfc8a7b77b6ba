package io.l7mp.mcw.gateway.domain;

/**
 * One weighted destination of a rule: an imported service.
 *
 * @param port the service port; null in a parsed rule that names none, resolved by {@link RouteTableBuilder} to the
 *        service's only port
 * @param weight relative weight, reduced by the common divisor of the rule's weights (80/20 and 4/1 compile alike);
 *        0 never receives traffic
 * @param requestHeaders modifications for requests sent to this destination, applied after the rule's
 */
public record WeightedDestination(ServiceKey service, Integer port, int weight, HeaderModifier requestHeaders) {
    public WeightedDestination {
        if (service == null) {
            throw new IllegalArgumentException("WeightedDestination.service is missing");
        }
        if (weight < 0) {
            throw new IllegalArgumentException("WeightedDestination.weight is " + weight + ", expected >= 0");
        }
        requestHeaders = requestHeaders == null ? HeaderModifier.NONE : requestHeaders;
    }

    public WeightedDestination withPort(int resolved) {
        return new WeightedDestination(service, resolved, weight, requestHeaders);
    }

    public WeightedDestination withWeight(int reduced) {
        return new WeightedDestination(service, port, reduced, requestHeaders);
    }
}

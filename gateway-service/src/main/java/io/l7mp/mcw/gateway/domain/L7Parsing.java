package io.l7mp.mcw.gateway.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the VirtualService and HTTPRoute parsers share: host names, namespaces and weights. */
final class L7Parsing {
    private L7Parsing() {
    }

    /**
     * A host the rules apply to: {@code <svc>.<ns>.svc.clusterset.local} or {@code .svc.cluster.local} (both name
     * the same service), or a short name in the object's namespace when {@code allowShort}. The service must be in
     * the object's namespace: one namespace cannot reroute another's traffic through the shared gateway.
     *
     * @return empty after recording a problem
     */
    static Optional<ServiceKey> host(SpecNode node, ObjectRef ref, boolean allowShort) {
        Optional<String> text = node.requiredText();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String host = text.get();
        if (host.contains("*")) {
            node.error("'" + host + "' is a wildcard; the MCW gateway routes named services only: list each as "
                    + "<svc>.<ns>.svc.clusterset.local");
            return Optional.empty();
        }
        Optional<ServiceKey> service = Authority.parseHost(host).map(Authority::service);
        if (service.isEmpty() && allowShort && ServiceKey.isLabel(host)) {
            service = Optional.of(new ServiceKey(ref.namespace(), host));
        }
        if (service.isEmpty()) {
            node.error("'" + host + "' is not a service host: expected <svc>.<ns>.svc.clusterset.local (or "
                    + "<svc>.<ns>.svc.cluster.local" + (allowShort ? ", or a short name in namespace " + ref.namespace()
                            : "")
                    + ")");
            return Optional.empty();
        }
        if (!service.get().namespace().equals(ref.namespace())) {
            node.error("'" + host + "' is a service of namespace " + service.get().namespace() + "; "
                    + (ref.kind() == L7Kind.HTTP_ROUTE ? "an " : "a ") + ref.kind().kind() + " in namespace "
                    + ref.namespace()
                    + " may route only services of its own namespace");
            return Optional.empty();
        }
        return service;
    }

    /**
     * Checks that some destination gets traffic and reduces the weights by their greatest common divisor, so that
     * the same split compiles alike from either API (Istio 100 and Gateway API 1 for a single destination).
     */
    static List<WeightedDestination> reduceWeights(SpecNode list, List<WeightedDestination> destinations) {
        BigInteger gcd = BigInteger.ZERO;
        for (WeightedDestination d : destinations) {
            gcd = gcd.gcd(BigInteger.valueOf(d.weight()));
        }
        if (gcd.signum() == 0) {
            if (!destinations.isEmpty()) {
                list.error("gives every destination weight 0, so no request could be routed: give at least one a "
                        + "weight above 0");
            }
            return destinations;
        }
        List<WeightedDestination> reduced = new ArrayList<>();
        int divisor = gcd.intValue();
        destinations.forEach(d -> reduced.add(d.withWeight(d.weight() / divisor)));
        return reduced;
    }

    /** A weight of 0 to 1,000,000 (the Gateway API bound; Istio's percentages fit). */
    static Optional<Integer> weight(SpecNode node) {
        Optional<Integer> weight = node.integer();
        if (weight.isPresent() && (weight.get() < 0 || weight.get() > 1_000_000)) {
            node.error("is " + weight.get() + ", expected 0-1000000");
            return Optional.empty();
        }
        return weight;
    }
}

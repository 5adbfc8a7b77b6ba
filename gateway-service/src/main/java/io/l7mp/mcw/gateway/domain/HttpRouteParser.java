package io.l7mp.mcw.gateway.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Gateway API HTTPRoute ({@code gateway.networking.k8s.io/v1}) into HTTP rules, with the semantics of the
 * Gateway API mesh profile (GAMMA): the route attaches to the Services or ServiceImports of its {@code parentRefs}
 * (on one port when {@code port} or {@code sectionName} says so), {@code PathPrefix} matches path segments, and
 * matches are ordered by the spec's precedence (exact path, then the longest prefix, then method, then the most header
 * and query matches; ties keep rule order), then evaluated first match wins. Backends are ServiceImports (GEP-1748) or
 * Services resolved by name in the clusterset; one that cannot be used makes its share of the rule's requests answer
 * 500. Anything the gateway does not implement refuses the whole object.
 */
public final class HttpRouteParser {
    static final String MCS_GROUP = "multicluster.x-k8s.io";
    private static final List<String> SPEC_FIELDS = List.of("parentRefs", "hostnames", "rules");
    private static final List<String> PARENT_FIELDS = List.of("group", "kind", "namespace", "name", "sectionName",
            "port");
    private static final List<String> RULE_FIELDS = List.of("name", "matches", "filters", "backendRefs");
    private static final Set<String> RULE_UNSUPPORTED = Set.of("timeouts", "retry", "sessionPersistence");
    private static final List<String> BACKEND_FIELDS = List.of("group", "kind", "name", "namespace", "port",
            "weight", "filters");

    private HttpRouteParser() {
    }

    /** Parses the {@code spec} of HTTPRoute {@code namespace/name}. */
    public static ParseResult parse(String namespace, String name, Map<String, Object> spec) {
        ObjectRef ref = new ObjectRef(L7Kind.HTTP_ROUTE, namespace, name);
        Problems problems = new Problems();
        SpecNode root = SpecNode.root(spec, problems);
        List<RouteParent> parents = new ArrayList<>();
        Optional<String> gatewaysOnly = parents(root, ref, parents, problems);
        if (gatewaysOnly.isPresent()) {
            return new ParseResult.Ignored(ref + ": " + gatewaysOnly.get());
        }
        root.checkFields("an HTTPRoute spec", SPEC_FIELDS, Set.of());
        List<SpecNode> ruleNodes = root.field("rules").items();
        if (ruleNodes.isEmpty()) {
            root.field("rules").error("is missing or empty: the MCW gateway needs at least one rule");
        }
        List<HttpRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            rules.addAll(rule(ruleNodes.get(i), ref, i, problems));
        }
        rules.sort(PRECEDENCE);
        Set<ServiceKey> hosts = new LinkedHashSet<>();
        parents.stream().filter(p -> p.notAllowed() == null).forEach(p -> hosts.add(p.service()));
        return problems.result(ref, List.copyOf(hosts), rules, parents);
    }

    /**
     * GAMMA: a Service or ServiceImport parent routes that service's traffic; a route attached only to Gateways is
     * some ingress controller's, not ours. A route without Service parents attaches to the services its hostnames name
     * (MCW); with Service parents, hostnames are not used (GAMMA routes match the Service, not the Host header).
     *
     * @return the reason to ignore the route, when it is attached to Gateways only
     */
    private static Optional<String> parents(SpecNode root, ObjectRef ref, List<RouteParent> parents,
            Problems problems) {
        List<String> gateways = new ArrayList<>();
        List<SpecNode> parentNodes = root.field("parentRefs").items();
        for (SpecNode parent : parentNodes) {
            String group = parent.field("group").text().orElse("gateway.networking.k8s.io");
            String kind = parent.field("kind").text().orElse("Gateway");
            boolean service = ("".equals(group) || "core".equals(group)) && "Service".equals(kind)
                    || MCS_GROUP.equals(group) && "ServiceImport".equals(kind);
            if (service) {
                serviceParent(parent, ref).ifPresent(parents::add);
            } else {
                gateways.add(kind + " " + parent.field("namespace").text().orElse(ref.namespace()) + "/"
                        + parent.field("name").text().orElse(""));
            }
        }
        if (!gateways.isEmpty() && parents.isEmpty() && !problems.hasErrors()) {
            return Optional.of("spec.parentRefs attach it to " + String.join(", ", gateways)
                    + " only, not to a Service or ServiceImport");
        }
        if (!gateways.isEmpty()) {
            problems.warning("spec.parentRefs " + String.join(", ", gateways) + " are not handled by the MCW gateway");
        }
        SpecNode hostnames = root.field("hostnames");
        if (!parentNodes.isEmpty()) {
            if (hostnames.present()) {
                problems.warning("spec.hostnames is not used: the route is attached to the Services of its "
                        + "spec.parentRefs, and a mesh route matches the Service a request is addressed to, not its "
                        + "Host header (GAMMA)");
            }
            return Optional.empty();
        }
        List<SpecNode> hostNodes = hostnames.items();
        for (SpecNode host : hostNodes) {
            L7Parsing.host(host, ref, false).ifPresent(s -> parents.add(new RouteParent(host.path(),
                    ParentRef.serviceImport(s), s, null, null, null)));
        }
        if (hostNodes.isEmpty() && !problems.hasErrors()) {
            root.field("parentRefs").error("and spec.hostnames are missing: attach the route to a Service or "
                    + "ServiceImport in spec.parentRefs, or name its service(s) in spec.hostnames, e.g. <svc>."
                    + ref.namespace() + ".svc.clusterset.local");
        }
        return Optional.empty();
    }

    /** A Service or ServiceImport parentRef, checked field by field; empty after recording a problem. */
    private static Optional<RouteParent> serviceParent(SpecNode parent, ObjectRef ref) {
        parent.checkFields("a ParentReference", PARENT_FIELDS, Set.of());
        Optional<String> parentName = parent.field("name").requiredText();
        Optional<Integer> port = parent.field("port").port();
        Optional<String> sectionName = parent.field("sectionName").text();
        if (parentName.isPresent() && !ServiceKey.isLabel(parentName.get())) {
            parent.field("name").error("'" + parentName.get() + "' is not a service name");
            return Optional.empty();
        }
        if (parentName.isEmpty() || port.isEmpty() && parent.has("port")) {
            return Optional.empty();
        }
        String written = parent.field("namespace").text().orElse(null);
        String namespace = written == null ? ref.namespace() : written;
        ParentRef parentRef = new ParentRef(parent.field("group").text().orElse(null),
                parent.field("kind").text().orElse(null), written, parentName.get(), sectionName.orElse(null),
                port.orElse(null));
        String notAllowed = namespace.equals(ref.namespace()) ? null
                : parent.path() + " names " + parentRef.describe(ref.namespace()) + "; an HTTPRoute in namespace "
                        + ref.namespace() + " may route only services of its own namespace (a consumer route, which "
                        + "the MCW gateway does not support)";
        return Optional.of(new RouteParent(parent.path(), parentRef, new ServiceKey(namespace, parentName.get()),
                port.orElse(null), sectionName.orElse(null), notAllowed));
    }

    /** One compiled rule per match, so that precedence can order the matches of different rules. */
    private static List<HttpRule> rule(SpecNode rule, ObjectRef ref, int index, Problems problems) {
        rule.checkFields("an HTTPRouteRule", RULE_FIELDS, RULE_UNSUPPORTED);
        GatewayApiFields.Filters filters = GatewayApiFields.filters(rule.field("filters"), true);
        List<SpecNode> matchNodes = rule.field("matches").items();
        List<HttpMatch> matches = new ArrayList<>();
        matchNodes.forEach(m -> matches.add(GatewayApiFields.match(m)));
        RuleAction action = filters.redirect() != null
                ? redirect(rule, filters, matches, problems)
                : forward(rule, ref, problems);
        List<HttpRule> rules = new ArrayList<>();
        if (matches.isEmpty()) {
            rules.add(new HttpRule(List.of(HttpMatch.ANY), action, filters.headers(),
                    new RuleSource.L7Rule(ref, index, null)));
        }
        for (int j = 0; j < matches.size(); j++) {
            rules.add(new HttpRule(List.of(matches.get(j)), action, filters.headers(),
                    new RuleSource.L7Rule(ref, index, j)));
        }
        return rules;
    }

    /**
     * A rule answered with a redirect. Its backendRefs and request header changes would have no effect: valid, but
     * said. ReplacePrefixMatch needs PathPrefix matches (Gateway API: the route is not accepted otherwise).
     */
    private static RuleAction redirect(SpecNode rule, GatewayApiFields.Filters filters, List<HttpMatch> matches,
            Problems problems) {
        if (filters.redirect().path() instanceof RequestRedirect.PathModifier.ReplacePrefixMatch) {
            for (int j = 0; j < matches.size(); j++) {
                PathMatch path = matches.get(j).path();
                if (path != null && !(path instanceof PathMatch.SegmentPrefix)) {
                    rule.field("matches").items().get(j).field("path").error("is not a PathPrefix match, and "
                            + filters.redirectField() + ".path is ReplacePrefixMatch, which replaces the matched "
                            + "prefix: use PathPrefix or ReplaceFullPath");
                }
            }
        }
        if (!rule.field("backendRefs").items().isEmpty()) {
            problems.warning(rule.field("backendRefs").path() + " are not used: the rule answers with a redirect ("
                    + filters.redirectField() + ")");
        }
        if (!filters.headers().isEmpty()) {
            problems.warning(rule.path() + " changes request headers, which has no effect: the rule answers with "
                    + "a redirect (" + filters.redirectField() + ")");
        }
        return new RuleAction.Redirect(filters.redirect());
    }

    /**
     * A rule forwarded to its backends. A rule without backendRefs answers 500 (Gateway API: all of its backends are
     * invalid), which is valid but said.
     */
    private static RuleAction forward(SpecNode rule, ObjectRef ref, Problems problems) {
        List<SpecNode> backendNodes = rule.field("backendRefs").items();
        if (backendNodes.isEmpty()) {
            problems.warning(rule.path() + " has no backendRefs and no RequestRedirect: the requests it matches are "
                    + "answered 500");
        }
        List<WeightedDestination> destinations = new ArrayList<>();
        List<UnresolvedBackend> unresolved = new ArrayList<>();
        backendNodes.forEach(b -> backend(b, ref, destinations, unresolved));
        return reduceWeights(rule.field("backendRefs"), destinations, unresolved);
    }

    /**
     * Reads one backendRef into {@code destinations}, or into {@code unresolved} when its kind is not a service or it
     * is in another namespace (then its share of requests is answered 500); records a problem when it is malformed.
     */
    private static void backend(SpecNode backend, ObjectRef ref, List<WeightedDestination> destinations,
            List<UnresolvedBackend> unresolved) {
        backend.checkFields("an HTTPBackendRef", BACKEND_FIELDS, Set.of());
        String group = backend.field("group").text().orElse("");
        String kind = backend.field("kind").text().orElse("Service");
        boolean serviceImport = MCS_GROUP.equals(group) && "ServiceImport".equals(kind);
        boolean service = ("".equals(group) || "core".equals(group)) && "Service".equals(kind);
        Optional<String> name = backend.field("name").requiredText();
        String namespace = backend.field("namespace").text().orElse(ref.namespace());
        if (name.isPresent() && !ServiceKey.isLabel(name.get())) {
            backend.field("name").error("'" + name.get() + "' is not a service name");
        }
        Optional<Integer> port = backend.field("port").port();
        Optional<Integer> weight = L7Parsing.weight(backend.field("weight"));
        HeaderModifier headers = GatewayApiFields.filters(backend.field("filters"), false).headers();
        if (name.isEmpty() || !ServiceKey.isLabel(name.get()) || weight.isEmpty() && backend.has("weight")) {
            return;
        }
        int share = weight.orElse(1);
        if (!serviceImport && !service) {
            unresolved.add(new UnresolvedBackend(share, RouteStatus.INVALID_KIND, backend.path() + " is a "
                    + (group.isEmpty() ? "" : group + "/") + kind + "; the MCW gateway routes to ServiceImport "
                    + "(group " + MCS_GROUP + ") or Service backends"));
        } else if (!namespace.equals(ref.namespace())) {
            unresolved.add(new UnresolvedBackend(share, RouteStatus.REF_NOT_PERMITTED, backend.path()
                    + ".namespace is " + namespace + ": a backend in another namespace needs a ReferenceGrant, "
                    + "which the MCW gateway does not support; put the route in namespace " + namespace));
        } else {
            destinations.add(new WeightedDestination(new ServiceKey(namespace, name.get()), port.orElse(null), share,
                    headers));
        }
    }

    /**
     * Checks that some backend gets traffic and reduces the weights, the unresolved ones' with the others', by their
     * greatest common divisor (as {@link L7Parsing#reduceWeights} does for VirtualServices).
     */
    private static RuleAction.Forward reduceWeights(SpecNode list, List<WeightedDestination> destinations,
            List<UnresolvedBackend> unresolved) {
        BigInteger gcd = BigInteger.ZERO;
        for (WeightedDestination d : destinations) {
            gcd = gcd.gcd(BigInteger.valueOf(d.weight()));
        }
        for (UnresolvedBackend u : unresolved) {
            gcd = gcd.gcd(BigInteger.valueOf(u.weight()));
        }
        if (gcd.signum() == 0) {
            if (!destinations.isEmpty() || !unresolved.isEmpty()) {
                list.error("gives every backend weight 0, so no request could be routed: give at least one a "
                        + "weight above 0");
            }
            return new RuleAction.Forward(destinations, unresolved);
        }
        int divisor = gcd.intValue();
        return new RuleAction.Forward(destinations.stream().map(d -> d.withWeight(d.weight() / divisor)).toList(),
                unresolved.stream().map(u -> u.withWeight(u.weight() / divisor)).toList());
    }

    /**
     * Gateway API match precedence: exact path, then regular expression, then the longest prefix (a rule without
     * path is the prefix "/"), then a method, then more header matches, then more query matches; the sort is stable,
     * so ties keep rule and match order (and, across routes merged on one parent, route order: oldest first, then by
     * namespace/name). Where regular expressions rank is left to implementations: before prefixes, so that a regex
     * rule is not hidden by a catch-all.
     */
    static final Comparator<HttpRule> PRECEDENCE = Comparator
            .<HttpRule> comparingInt(r -> pathRank(r.matches().get(0).path()))
            .thenComparingInt(r -> -prefixLength(r.matches().get(0).path()))
            .thenComparingInt(r -> r.matches().get(0).method() == null ? 1 : 0)
            .thenComparingInt(r -> -r.matches().get(0).headers().size())
            .thenComparingInt(r -> -r.matches().get(0).queryParams().size());

    private static int pathRank(PathMatch path) {
        if (path instanceof PathMatch.Exact) {
            return 0;
        }
        return path instanceof PathMatch.Regex ? 1 : 2;
    }

    private static int prefixLength(PathMatch path) {
        return path instanceof PathMatch.SegmentPrefix p ? p.value().length() : path == null ? 1 : 0;
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a Gateway API HTTPRoute ({@code gateway.networking.k8s.io/v1}) into HTTP rules, with Gateway API semantics:
 * {@code PathPrefix} matches path segments, and matches are ordered by the spec's precedence (exact path, then the
 * longest prefix, then method, then the most header and query matches; ties keep rule order), then evaluated first
 * match wins. Backends are ServiceImports (GEP-1748) or Services resolved by name in the clusterset. Anything the
 * gateway does not implement refuses the whole object.
 */
public final class HttpRouteParser {
    static final String MCS_GROUP = "multicluster.x-k8s.io";
    private static final List<String> SPEC_FIELDS = List.of("parentRefs", "hostnames", "rules");
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
        Set<ServiceKey> hosts = new LinkedHashSet<>();
        Optional<String> gatewaysOnly = parents(root.field("parentRefs"), ref, hosts, problems);
        if (gatewaysOnly.isPresent()) {
            return new ParseResult.Ignored(ref + ": " + gatewaysOnly.get());
        }
        root.checkFields("an HTTPRoute spec", SPEC_FIELDS, Set.of());
        root.field("hostnames").items().forEach(h -> L7Parsing.host(h, ref, false).ifPresent(hosts::add));
        if (hosts.isEmpty() && !problems.hasErrors()) {
            root.field("hostnames").error("is missing: name the route's service(s), e.g. <svc>." + namespace
                    + ".svc.clusterset.local");
        }
        List<SpecNode> ruleNodes = root.field("rules").items();
        if (ruleNodes.isEmpty()) {
            root.field("rules").error("is missing or empty: the MCW gateway needs at least one rule");
        }
        List<HttpRule> rules = new ArrayList<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            rules.addAll(rule(ruleNodes.get(i), ref, i));
        }
        rules.sort(PRECEDENCE);
        return problems.result(ref, List.copyOf(hosts), rules);
    }

    /**
     * GAMMA: a Service or ServiceImport parent routes that service's traffic. A route attached only to Gateways is
     * some ingress controller's, not ours.
     */
    private static Optional<String> parents(SpecNode parentRefs, ObjectRef ref, Set<ServiceKey> hosts,
            Problems problems) {
        List<String> gateways = new ArrayList<>();
        for (SpecNode parent : parentRefs.items()) {
            String group = parent.field("group").text().orElse("gateway.networking.k8s.io");
            String kind = parent.field("kind").text().orElse("Gateway");
            String parentName = parent.field("name").text().orElse("");
            String parentNamespace = parent.field("namespace").text().orElse(ref.namespace());
            boolean service = ("".equals(group) || "core".equals(group)) && "Service".equals(kind)
                    || MCS_GROUP.equals(group) && "ServiceImport".equals(kind);
            if (!service) {
                gateways.add(kind + " " + parentNamespace + "/" + parentName);
            } else if (!parentNamespace.equals(ref.namespace()) || !ServiceKey.isLabel(parentName)) {
                parent.error("names " + kind + " " + parentNamespace + "/" + parentName + "; an HTTPRoute in namespace "
                        + ref.namespace() + " may route only services of its own namespace");
            } else {
                hosts.add(new ServiceKey(ref.namespace(), parentName));
            }
        }
        if (!gateways.isEmpty() && hosts.isEmpty() && !problems.hasErrors()) {
            return Optional.of("spec.parentRefs attach it to " + String.join(", ", gateways)
                    + " only, not to a Service or ServiceImport");
        }
        if (!gateways.isEmpty()) {
            problems.warning("spec.parentRefs " + String.join(", ", gateways) + " are not handled by the MCW gateway");
        }
        return Optional.empty();
    }

    /** One compiled rule per match, so that precedence can order the matches of different rules. */
    private static List<HttpRule> rule(SpecNode rule, ObjectRef ref, int index) {
        rule.checkFields("an HTTPRouteRule", RULE_FIELDS, RULE_UNSUPPORTED);
        HeaderModifier headers = GatewayApiFields.filters(rule.field("filters"));
        List<SpecNode> backendNodes = rule.field("backendRefs").items();
        if (backendNodes.isEmpty()) {
            rule.field("backendRefs").error("is missing or empty: a rule needs at least one backend");
        }
        List<WeightedDestination> parsed = new ArrayList<>();
        backendNodes.forEach(b -> backend(b, ref).ifPresent(parsed::add));
        List<WeightedDestination> destinations = parsed.size() == backendNodes.size()
                ? L7Parsing.reduceWeights(rule.field("backendRefs"), parsed)
                : parsed;
        List<SpecNode> matchNodes = rule.field("matches").items();
        List<HttpRule> rules = new ArrayList<>();
        if (matchNodes.isEmpty()) {
            addRule(rules, HttpMatch.ANY, destinations, headers, new RuleSource.L7Rule(ref, index, null));
        }
        for (int j = 0; j < matchNodes.size(); j++) {
            HttpMatch match = GatewayApiFields.match(matchNodes.get(j));
            addRule(rules, match, destinations, headers, new RuleSource.L7Rule(ref, index, j));
        }
        return rules;
    }

    private static void addRule(List<HttpRule> rules, HttpMatch match, List<WeightedDestination> destinations,
            HeaderModifier headers, RuleSource.L7Rule source) {
        if (!destinations.isEmpty()) {
            rules.add(new HttpRule(List.of(match), destinations, headers, source));
        }
    }

    private static Optional<WeightedDestination> backend(SpecNode backend, ObjectRef ref) {
        backend.checkFields("an HTTPBackendRef", BACKEND_FIELDS, Set.of());
        String group = backend.field("group").text().orElse("");
        String kind = backend.field("kind").text().orElse("Service");
        boolean serviceImport = MCS_GROUP.equals(group) && "ServiceImport".equals(kind);
        boolean service = ("".equals(group) || "core".equals(group)) && "Service".equals(kind);
        if (!serviceImport && !service) {
            backend.error("is a " + (group.isEmpty() ? "" : group + "/") + kind + "; the MCW gateway routes to "
                    + "ServiceImport (group " + MCS_GROUP + ") or Service backends");
        }
        Optional<String> name = backend.field("name").requiredText();
        String namespace = backend.field("namespace").text().orElse(ref.namespace());
        if (!namespace.equals(ref.namespace())) {
            backend.field("namespace").error("is " + namespace + ": a backend in another namespace needs a "
                    + "ReferenceGrant, which the MCW gateway does not support; put the route in namespace "
                    + namespace);
        }
        if (name.isPresent() && !ServiceKey.isLabel(name.get())) {
            backend.field("name").error("'" + name.get() + "' is not a service name");
            return Optional.empty();
        }
        Optional<Integer> port = backend.field("port").port();
        int weight = L7Parsing.weight(backend.field("weight")).orElse(1);
        HeaderModifier headers = GatewayApiFields.filters(backend.field("filters"));
        if (name.isEmpty() || !namespace.equals(ref.namespace()) || !serviceImport && !service) {
            return Optional.empty();
        }
        return Optional.of(new WeightedDestination(new ServiceKey(namespace, name.get()), port.orElse(null), weight,
                headers));
    }

    /**
     * Gateway API match precedence: exact path, then regular expression, then the longest prefix (a rule without
     * path is the prefix "/"), then a method, then more header matches, then more query matches; the sort is stable,
     * so ties keep rule and match order. Where regular expressions rank is left to implementations: before prefixes,
     * so that a regex rule is not hidden by a catch-all.
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

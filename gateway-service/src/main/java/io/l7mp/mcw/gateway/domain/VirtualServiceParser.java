package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an Istio VirtualService ({@code networking.istio.io} v1beta1 or v1, same schema) into HTTP rules, with
 * Istio's semantics: rules are tried in declaration order, {@code match[]} entries are OR-ed and the fields of one
 * entry AND-ed, {@code uri.prefix} is a plain string prefix. Anything the gateway does not implement refuses the whole
 * object: half a routing policy is worse than none.
 */
public final class VirtualServiceParser {
    private static final List<String> SPEC_FIELDS = List.of("hosts", "gateways", "http", "exportTo");
    private static final Set<String> SPEC_UNSUPPORTED = Set.of("tcp", "tls");
    private static final List<String> HTTP_FIELDS = List.of("name", "match", "route", "headers");
    private static final Set<String> HTTP_UNSUPPORTED = Set.of("rewrite", "redirect", "directResponse", "delegate",
            "timeout", "retries", "fault", "mirror", "mirrors", "mirrorPercentage", "mirrorPercent", "mirror_percent",
            "corsPolicy");
    private static final List<String> MATCH_FIELDS = List.of("name", "uri", "method", "headers", "queryParams");
    private static final List<String> CONDITIONS = List.of("uri", "method", "headers", "queryParams");
    private static final Set<String> MATCH_UNSUPPORTED = Set.of("scheme", "authority", "port", "sourceLabels",
            "gateways", "sourceNamespace", "withoutHeaders", "ignoreUriCase", "statPrefix");
    private static final List<String> ROUTE_FIELDS = List.of("destination", "weight", "headers");
    private static final List<String> DESTINATION_FIELDS = List.of("host", "port", "subset");
    private static final List<String> STRING_MATCH = List.of("exact", "prefix", "regex");

    private VirtualServiceParser() {
    }

    /** Parses the {@code spec} of VirtualService {@code namespace/name}. */
    public static ParseResult parse(String namespace, String name, Map<String, Object> spec) {
        ObjectRef ref = new ObjectRef(L7Kind.VIRTUAL_SERVICE, namespace, name);
        Problems problems = new Problems();
        SpecNode root = SpecNode.root(spec, problems);
        Optional<String> gatewaysOnly = gatewaysOnly(root.field("gateways"));
        if (gatewaysOnly.isPresent()) {
            return new ParseResult.Ignored(ref + ": " + gatewaysOnly.get());
        }
        root.checkFields("a VirtualService spec", SPEC_FIELDS, SPEC_UNSUPPORTED);
        if (root.has("exportTo")) {
            problems.warning("spec.exportTo is ignored: the MCW gateway applies a VirtualService to the services of "
                    + "its own namespace");
        }
        List<ServiceKey> hosts = hosts(root.field("hosts"), ref);
        List<SpecNode> http = root.field("http").items();
        if (http.isEmpty()) {
            root.field("http").error("is missing or empty: the MCW gateway needs at least one HTTP rule");
        }
        List<HttpRule> rules = new ArrayList<>();
        for (int i = 0; i < http.size(); i++) {
            rule(http.get(i), new RuleSource.L7Rule(ref, i, null), problems).ifPresent(rules::add);
        }
        return problems.result(ref, hosts, rules);
    }

    /** Istio applies a VirtualService with {@code gateways} to sidecars (the mesh) only when it lists "mesh". */
    private static Optional<String> gatewaysOnly(SpecNode gateways) {
        List<String> names = gateways.items().stream().flatMap(g -> g.text().stream()).toList();
        if (names.isEmpty() || names.contains("mesh")) {
            return Optional.empty();
        }
        return Optional.of("spec.gateways lists " + String.join(", ", names)
                + " and not 'mesh', so it applies to those Istio gateways only");
    }

    private static List<ServiceKey> hosts(SpecNode node, ObjectRef ref) {
        List<SpecNode> items = node.items();
        if (items.isEmpty()) {
            node.error("is missing or empty: name the service(s), e.g. <svc>.<ns>.svc.clusterset.local");
        }
        Set<ServiceKey> hosts = new LinkedHashSet<>();
        items.forEach(item -> L7Parsing.host(item, ref, true).ifPresent(hosts::add));
        return List.copyOf(hosts);
    }

    private static Optional<HttpRule> rule(SpecNode http, RuleSource.L7Rule source, Problems problems) {
        http.checkFields("an Istio HTTPRoute", HTTP_FIELDS, HTTP_UNSUPPORTED);
        List<SpecNode> matchNodes = http.field("match").items();
        List<HttpMatch> matches = new ArrayList<>();
        matchNodes.forEach(m -> matches.add(match(m)));
        orNote(http.field("match"), matchNodes).ifPresent(problems::note);
        HeaderModifier headers = IstioFields.headers(http.field("headers"));
        List<SpecNode> routeNodes = http.field("route").items();
        if (routeNodes.isEmpty()) {
            http.field("route").error("is missing or empty: a rule needs at least one destination");
        }
        List<WeightedDestination> parsed = new ArrayList<>();
        routeNodes.forEach(r -> destination(r, routeNodes.size(), source.object()).ifPresent(parsed::add));
        List<WeightedDestination> destinations = parsed.size() == routeNodes.size()
                ? L7Parsing.reduceWeights(http.field("route"), parsed)
                : parsed;
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new HttpRule(matches.isEmpty() ? List.of(HttpMatch.ANY) : matches, destinations, headers,
                source));
    }

    private static HttpMatch match(SpecNode m) {
        m.checkFields("an HTTPMatchRequest", MATCH_FIELDS, MATCH_UNSUPPORTED);
        PathMatch path = uri(m.field("uri"));
        String method = method(m.field("method"));
        List<HeaderMatch> headers = new ArrayList<>();
        m.field("headers").entries().forEach((name, node) -> IstioFields.stringMatch(node, true, true)
                .ifPresent(match -> headers.add(new HeaderMatch(name, match))));
        List<QueryMatch> query = new ArrayList<>();
        m.field("queryParams").entries().forEach((name, node) -> IstioFields.stringMatch(node, false, false)
                .ifPresent(match -> query.add(new QueryMatch(name, match))));
        return new HttpMatch(method, path, headers, query);
    }

    private static PathMatch uri(SpecNode uri) {
        if (!uri.present()) {
            return null;
        }
        Map<String, SpecNode> fields = uri.entries();
        uri.checkFields("a StringMatch", STRING_MATCH, Set.of());
        if (fields.size() != 1) {
            uri.error("sets " + fields.keySet() + ", expected exactly one of exact, prefix, regex");
            return null;
        }
        Map.Entry<String, SpecNode> only = fields.entrySet().iterator().next();
        Optional<String> value = only.getValue().requiredText();
        if (value.isEmpty()) {
            return null;
        }
        return switch (only.getKey()) {
            case "exact" -> new PathMatch.Exact(value.get());
            case "prefix" -> new PathMatch.Prefix(value.get());
            case "regex" -> IstioFields.regex(only.getValue(), value.get()).map(PathMatch.Regex::new).orElse(null);
            default -> null;
        };
    }

    private static String method(SpecNode method) {
        if (!method.present()) {
            return null;
        }
        Optional<StringMatch> match = IstioFields.stringMatch(method, false, false);
        if (match.isPresent() && !(match.get() instanceof StringMatch.Exact)) {
            method.error("uses regex: the MCW gateway matches a method exactly; write one rule per method");
            return null;
        }
        return match.map(m -> ((StringMatch.Exact) m).value()).orElse(null);
    }

    /**
     * A likely mistake that Istio accepts: {@code match: [ uri: {...}, method: {...} ]} is two OR-ed conditions,
     * not one condition on both.
     */
    private static Optional<String> orNote(SpecNode matchList, List<SpecNode> matchNodes) {
        if (matchNodes.size() < 2) {
            return Optional.empty();
        }
        Set<String> kinds = new LinkedHashSet<>();
        List<String> described = new ArrayList<>();
        for (SpecNode m : matchNodes) {
            List<String> conditions = m.entries().keySet().stream().filter(CONDITIONS::contains).toList();
            if (conditions.size() != 1) {
                return Optional.empty();
            }
            kinds.add(conditions.get(0));
            described.add(IstioFields.describeCondition(conditions.get(0), m.field(conditions.get(0))));
        }
        if (kinds.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(matchList.path() + "[] ORs " + matchNodes.size() + " separate conditions ("
                + String.join(" OR ", described) + "): to require both, put " + String.join(" and ", kinds)
                + " in ONE match entry");
    }

    private static Optional<WeightedDestination> destination(SpecNode route, int count, ObjectRef ref) {
        if (route.has("route") && !route.has("destination")) {
            route.error("has no 'destination' (it contains a nested 'route', which Istio does not allow: each route[] "
                    + "entry is one weighted destination, '- destination: {host: ...}')");
            return Optional.empty();
        }
        route.checkFields("an HTTPRouteDestination", ROUTE_FIELDS, Set.of());
        SpecNode destination = route.field("destination");
        if (!destination.present()) {
            route.error("has no 'destination'");
            return Optional.empty();
        }
        destination.checkFields("a Destination", DESTINATION_FIELDS, Set.of());
        if (destination.has("subset")) {
            destination.field("subset").error("is not supported: subsets need a DestinationRule in the exporting "
                    + "cluster; export each version as its own service and route to it by name");
            return Optional.empty();
        }
        Optional<ServiceKey> service = IstioFields.destinationHost(destination.field("host"), ref);
        SpecNode port = destination.field("port");
        port.checkFields("a PortSelector", List.of("number"), Set.of());
        Optional<Integer> number = port.field("number").port();
        int weight = L7Parsing.weight(route.field("weight")).orElse(count == 1 ? 100 : 0);
        HeaderModifier headers = IstioFields.headers(route.field("headers"));
        return service.map(s -> new WeightedDestination(s, number.orElse(null), weight, headers));
    }
}

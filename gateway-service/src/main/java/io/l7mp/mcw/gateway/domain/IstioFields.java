package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Istio field types the VirtualService parser reads in several places: StringMatch, Headers, destination host. */
final class IstioFields {
    private static final List<String> STRING_MATCH = List.of("exact", "prefix", "regex");

    private IstioFields() {
    }

    /**
     * An Istio StringMatch: exactly one of exact, prefix, regex; {@code {}} means "present" where Istio allows it
     * (header matches).
     */
    static Optional<StringMatch> stringMatch(SpecNode node, boolean allowPrefix, boolean allowPresent) {
        Map<String, SpecNode> fields = node.entries();
        node.checkFields("a StringMatch", STRING_MATCH, Set.of());
        if (fields.isEmpty() && allowPresent) {
            return Optional.of(new StringMatch.Present());
        }
        if (fields.size() != 1) {
            node.error("sets " + fields.keySet() + ", expected exactly one of " + (allowPrefix
                    ? "exact, prefix, regex"
                    : "exact, regex"));
            return Optional.empty();
        }
        Map.Entry<String, SpecNode> only = fields.entrySet().iterator().next();
        Optional<String> value = only.getValue().requiredText();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        return switch (only.getKey()) {
            case "exact" -> Optional.of(new StringMatch.Exact(value.get()));
            case "prefix" -> {
                if (!allowPrefix) {
                    only.getValue().error("is not supported here: use exact or regex");
                    yield Optional.empty();
                }
                yield Optional.of(new StringMatch.Prefix(value.get()));
            }
            case "regex" -> regex(only.getValue(), value.get()).map(StringMatch.Regex::new);
            default -> Optional.empty();
        };
    }

    /** The regular expression when it compiles. */
    static Optional<String> regex(SpecNode node, String regex) {
        try {
            PathMatch.compile(regex);
            return Optional.of(regex);
        } catch (IllegalArgumentException e) {
            node.error(e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code headers: {request: {set, add, remove}}}; response headers are not supported. */
    static HeaderModifier headers(SpecNode headers) {
        headers.checkFields("Headers", List.of("request"), Set.of("response"));
        SpecNode request = headers.field("request");
        request.checkFields("HeaderOperations", List.of("set", "add", "remove"), Set.of());
        List<String> remove = new ArrayList<>();
        request.field("remove").items().forEach(item -> item.requiredText().ifPresent(remove::add));
        return new HeaderModifier(stringMap(request.field("set")), stringMap(request.field("add")), remove);
    }

    /**
     * A destination host: {@code <svc>.<ns>.svc.clusterset.local} or a short name in the VirtualService's namespace
     * (Istio resolves short names relative to the rule's namespace).
     */
    static Optional<ServiceKey> destinationHost(SpecNode node, ObjectRef ref) {
        Optional<String> text = node.requiredText();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String host = text.get();
        Optional<Authority> parsed = Authority.parseHost(host);
        if (parsed.isPresent() && parsed.get().domain() == ServiceDomain.CLUSTERSET) {
            return Optional.of(parsed.get().service());
        }
        if (parsed.isPresent()) {
            node.error("'" + host + "' names a Service of this cluster only; the MCW gateway routes to imported "
                    + "services: write '" + parsed.get().service().clustersetHost() + "'");
            return Optional.empty();
        }
        if (ServiceKey.isLabel(host)) {
            return Optional.of(new ServiceKey(ref.namespace(), host));
        }
        node.error("'" + host + "' is not an imported service: expected <svc>.<ns>.svc.clusterset.local or a short "
                + "name in namespace " + ref.namespace());
        return Optional.empty();
    }

    /** How a single-condition match entry reads: "uri prefix /payment", "method GET". */
    static String describeCondition(String kind, SpecNode condition) {
        Map<String, SpecNode> fields = condition.entries();
        return switch (kind) {
            case "uri" -> "uri " + describeStringMatch(fields);
            case "method" -> "method " + describeStringMatch(fields).replaceFirst("^exact ", "");
            case "headers" -> "header " + String.join(", ", fields.keySet());
            default -> "query parameter " + String.join(", ", fields.keySet());
        };
    }

    private static String describeStringMatch(Map<String, SpecNode> fields) {
        return fields.entrySet().stream().findFirst()
                .map(e -> e.getKey() + " " + e.getValue().text().orElse("?")).orElse("{}");
    }

    private static Map<String, String> stringMap(SpecNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        node.entries().forEach((name, value) -> value.requiredText().ifPresent(v -> result.put(name, v)));
        return result;
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Gateway API field types the HTTPRoute parser reads: HTTPRouteMatch and HTTPRouteFilter. */
final class GatewayApiFields {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
            "TRACE", "PATCH");
    private static final Set<String> UNSUPPORTED_FILTERS = Set.of("URLRewrite", "RequestMirror",
            "ResponseHeaderModifier", "ExtensionRef", "CORS", "ExternalAuth");
    private static final List<String> FILTER_FIELDS = List.of("type", "requestHeaderModifier", "requestRedirect");
    private static final Set<String> UNSUPPORTED_FILTER_FIELDS = Set.of("urlRewrite", "requestMirror",
            "responseHeaderModifier", "extensionRef", "cors", "externalAuth");

    private GatewayApiFields() {
    }

    /** An HTTPRouteMatch; a missing path is {@code PathPrefix /}, which matches every path. */
    static HttpMatch match(SpecNode match) {
        match.checkFields("an HTTPRouteMatch", List.of("path", "headers", "queryParams", "method"), Set.of());
        PathMatch path = path(match.field("path"));
        String method = match.field("method").text().orElse(null);
        if (method != null && !METHODS.contains(method)) {
            match.field("method").error("is '" + method + "', expected one of GET, HEAD, POST, PUT, DELETE, CONNECT, "
                    + "OPTIONS, TRACE, PATCH");
            method = null;
        }
        List<HeaderMatch> headers = new ArrayList<>();
        named(match.field("headers"), true).forEach((name, m) -> headers.add(new HeaderMatch(name, m)));
        List<QueryMatch> query = new ArrayList<>();
        named(match.field("queryParams"), false).forEach((name, m) -> query.add(new QueryMatch(name, m)));
        return new HttpMatch(method, path, headers, query);
    }

    private static PathMatch path(SpecNode path) {
        path.checkFields("an HTTPPathMatch", List.of("type", "value"), Set.of());
        String type = path.field("type").text().orElse("PathPrefix");
        String value = path.field("value").text().orElse("/");
        if (!"RegularExpression".equals(type) && !value.startsWith("/")) {
            path.field("value").error("is '" + value + "', expected an absolute path starting with '/'");
            return null;
        }
        return switch (type) {
            case "Exact" -> new PathMatch.Exact(value);
            case "PathPrefix" -> "/".equals(value) ? null : new PathMatch.SegmentPrefix(value);
            case "RegularExpression" -> IstioFields.regex(path.field("value"), value).map(PathMatch.Regex::new)
                    .orElse(null);
            default -> {
                path.field("type").error("is '" + type + "', expected Exact, PathPrefix or RegularExpression");
                yield null;
            }
        };
    }

    /**
     * Header or query parameter matches by name. When a name repeats, only the first entry counts (Gateway API);
     * header names compare case-insensitively, query parameter names exactly.
     */
    private static Map<String, StringMatch> named(SpecNode list, boolean caseInsensitive) {
        Map<String, StringMatch> result = new LinkedHashMap<>();
        for (SpecNode item : list.items()) {
            item.checkFields("a " + (caseInsensitive ? "header" : "query parameter") + " match",
                    List.of("type", "name", "value"), Set.of());
            Optional<String> name = item.field("name").requiredText();
            Optional<String> value = item.field("value").requiredText();
            String type = item.field("type").text().orElse("Exact");
            Optional<StringMatch> match = switch (type) {
                case "Exact" -> value.map(StringMatch.Exact::new);
                case "RegularExpression" -> value.flatMap(v -> IstioFields.regex(item.field("value"), v))
                        .map(StringMatch.Regex::new);
                default -> {
                    item.field("type").error("is '" + type + "', expected Exact or RegularExpression");
                    yield Optional.empty();
                }
            };
            if (name.isPresent() && match.isPresent()) {
                String key = caseInsensitive ? name.get().toLowerCase(Locale.ROOT) : name.get();
                result.putIfAbsent(key, match.get());
            }
        }
        return result;
    }

    /**
     * The filters of a rule or backend: RequestHeaderModifier, and RequestRedirect in a rule's filters; any other
     * filter type is refused.
     *
     * @param rule whether these are a rule's filters (RequestRedirect is supported there only) or a backend's
     */
    static Filters filters(SpecNode filters, boolean rule) {
        HeaderModifier headers = HeaderModifier.NONE;
        RequestRedirect redirect = null;
        String redirectField = null;
        for (SpecNode filter : filters.items()) {
            filter.checkFields("an HTTPRouteFilter", FILTER_FIELDS, UNSUPPORTED_FILTER_FIELDS);
            String type = filter.field("type").requiredText().orElse("");
            mismatchedConfig(filter, type, "requestHeaderModifier", "RequestHeaderModifier");
            mismatchedConfig(filter, type, "requestRedirect", "RequestRedirect");
            if ("RequestHeaderModifier".equals(type)) {
                headers = headers.then(headerModifier(filter.field("requestHeaderModifier")));
            } else if ("RequestRedirect".equals(type) && !rule) {
                filter.field("type").error("is RequestRedirect, which the MCW gateway supports in a rule's filters "
                        + "only, not in a backendRef's");
            } else if ("RequestRedirect".equals(type) && redirect != null) {
                filter.field("type").error("is a second RequestRedirect; a rule may have one");
            } else if ("RequestRedirect".equals(type)) {
                redirect = GatewayApiRedirects.redirect(filter.field("requestRedirect")).orElse(null);
                redirectField = filter.field("requestRedirect").path();
            } else if (UNSUPPORTED_FILTERS.contains(type)) {
                filter.field("type").error("is " + type + ", which the MCW gateway does not support (supported: "
                        + "RequestHeaderModifier, RequestRedirect)");
            } else if (!type.isEmpty()) {
                filter.field("type").error("is '" + type + "', not a Gateway API filter type");
            }
        }
        return new Filters(headers, redirect, redirectField);
    }

    /** A filter's configuration must be the one of its type (the CRD's validation says the same). */
    private static void mismatchedConfig(SpecNode filter, String type, String field, String fieldType) {
        if (filter.has(field) && !type.isEmpty() && !fieldType.equals(type)) {
            filter.field(field).error("is set, but the filter's type is " + type + " (it belongs to type "
                    + fieldType + ")");
        }
    }

    /**
     * What a rule's or backend's filters ask for.
     *
     * @param redirect null when there is no RequestRedirect (or it is invalid: then a problem is recorded)
     * @param redirectField the field path of the redirect, for messages
     */
    record Filters(HeaderModifier headers, RequestRedirect redirect, String redirectField) {
    }

    private static HeaderModifier headerModifier(SpecNode modifier) {
        if (!modifier.present()) {
            modifier.error("is missing (required for type RequestHeaderModifier)");
        }
        modifier.checkFields("an HTTPHeaderFilter", List.of("set", "add", "remove"), Set.of());
        List<String> remove = new ArrayList<>();
        modifier.field("remove").items().forEach(item -> item.requiredText().ifPresent(remove::add));
        return new HeaderModifier(pairs(modifier.field("set")), pairs(modifier.field("add")), remove);
    }

    private static Map<String, String> pairs(SpecNode list) {
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (SpecNode item : list.items()) {
            item.checkFields("an HTTPHeader", List.of("name", "value"), Set.of());
            Optional<String> name = item.field("name").requiredText();
            Optional<String> value = item.field("value").requiredText();
            if (name.isPresent() && value.isPresent() && seen.add(name.get().toLowerCase(Locale.ROOT))) {
                result.put(name.get(), value.get());
            }
        }
        return result;
    }
}

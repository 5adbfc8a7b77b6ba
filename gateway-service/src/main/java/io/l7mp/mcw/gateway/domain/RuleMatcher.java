package io.l7mp.mcw.gateway.domain;

import java.util.List;
import java.util.Optional;

/** Evaluates compiled rules against a request: pure, allocation-free apart from query parsing. */
public final class RuleMatcher {
    private RuleMatcher() {
    }

    /** The first rule (in order) with a matching condition. */
    public static Optional<HttpRule> firstMatch(List<HttpRule> rules, HttpRequestView request) {
        for (HttpRule rule : rules) {
            if (matchesAny(rule.matches(), request)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** OR over a rule's conditions. */
    public static boolean matchesAny(List<HttpMatch> matches, HttpRequestView request) {
        for (HttpMatch match : matches) {
            if (matches(match, request)) {
                return true;
            }
        }
        return false;
    }

    /** AND over the parts of one condition. */
    public static boolean matches(HttpMatch match, HttpRequestView request) {
        if (match.method() != null && !match.method().equals(request.method())) {
            return false;
        }
        if (match.path() != null && !match.path().matches(request.path())) {
            return false;
        }
        for (HeaderMatch header : match.headers()) {
            if (!headerMatches(header, request.header(header.name()))) {
                return false;
            }
        }
        for (QueryMatch query : match.queryParams()) {
            if (!query.match().matches(request.queryParam(query.name()).orElse(null))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A header given several times matches when its values joined with "," match, as Envoy joins them; a single
     * value is matched as it is.
     */
    private static boolean headerMatches(HeaderMatch header, List<String> values) {
        return header.match().matches(values.isEmpty() ? null : String.join(",", values));
    }
}

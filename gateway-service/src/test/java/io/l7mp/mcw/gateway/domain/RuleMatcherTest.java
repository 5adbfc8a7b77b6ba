package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleMatcherTest {

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource({
            // Istio uri.prefix: a plain string prefix
            "prefix, /payment, /payment, true",
            "prefix, /payment, /payment/x, true",
            "prefix, /payment, /paymentx, true",
            "prefix, /payment, /pay, false",
            "prefix, /payment/, /payment, false",
            // Gateway API PathPrefix: whole segments, a trailing slash of the value ignored
            "pathPrefix, /payment, /payment, true",
            "pathPrefix, /payment, /payment/, true",
            "pathPrefix, /payment, /payment/x, true",
            "pathPrefix, /payment, /paymentx, false",
            "pathPrefix, /payment, /pay, false",
            "pathPrefix, /payment/, /payment, true",
            "pathPrefix, /payment/, /payment/x, true",
            "pathPrefix, /payment/, /paymentx, false",
            "pathPrefix, /, /anything/at/all, true",
            "exact, /payment, /payment, true",
            "exact, /payment, /payment/, false",
            "exact, /payment, /Payment, false",
            "regex, /payment/[0-9]+, /payment/42, true",
            "regex, /payment/[0-9]+, /payment/42/x, false",
            "regex, /payment/[0-9]+, /x/payment/42, false",
    })
    void pathMatches(String kind, String value, String path, boolean expected) {
        // Given
        PathMatch match = switch (kind) {
            case "prefix" -> new PathMatch.Prefix(value);
            case "pathPrefix" -> new PathMatch.SegmentPrefix(value);
            case "exact" -> new PathMatch.Exact(value);
            default -> new PathMatch.Regex(value);
        };
        HttpMatch condition = new HttpMatch(null, match, List.of(), List.of());

        // When
        boolean matched = RuleMatcher.matches(condition, HttpRequestView.of("GET", path));

        // Then
        assertThat(matched).isEqualTo(expected);
    }

    @ParameterizedTest(name = "method {0} on {1} -> {2}")
    @CsvSource({ "GET, GET, true", "GET, POST, false", "GET, get, false", "POST, POST, true" })
    void methodMatchesExactly(String method, String requestMethod, boolean expected) {
        HttpMatch condition = new HttpMatch(method, null, List.of(), List.of());
        assertThat(RuleMatcher.matches(condition, HttpRequestView.of(requestMethod, "/"))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "header {0}={1} on {2}: {3} -> {4}")
    @CsvSource({
            "exact, v1, X-Version, v1, true",
            "exact, v1, x-version, v1, true",
            "exact, v1, X-Version, v10, false",
            "exact, v1, X-Other, v1, false",
            "prefix, v1, X-Version, v1.2, true",
            "prefix, v1, X-Version, w1, false",
            "regex, v[0-9]+, X-Version, v42, true",
            "regex, v[0-9]+, X-Version, v42-beta, false",
            "present, '', X-Version, '', true",
            "present, '', X-Version, anything, true",
            "present, '', X-Other, anything, false",
    })
    void headerMatches(String kind, String value, String header, String headerValue, boolean expected) {
        // Given
        StringMatch match = switch (kind) {
            case "exact" -> new StringMatch.Exact(value);
            case "prefix" -> new StringMatch.Prefix(value);
            case "regex" -> new StringMatch.Regex(value);
            default -> new StringMatch.Present();
        };
        HttpMatch condition = new HttpMatch(null, null, List.of(new HeaderMatch("X-Version", match)), List.of());

        // When
        boolean matched = RuleMatcher.matches(condition, HttpRequestView.of("GET", "/", header, headerValue));

        // Then
        assertThat(matched).isEqualTo(expected);
    }

    @Test
    void repeatedHeaderIsMatchedOnItsValuesJoinedWithComma() {
        HttpMatch condition = new HttpMatch(null, null,
                List.of(new HeaderMatch("accept", new StringMatch.Exact("a,b"))), List.of());
        assertThat(RuleMatcher.matches(condition, HttpRequestView.of("GET", "/", "Accept", "a", "accept", "b")))
                .isTrue();
    }

    @ParameterizedTest(name = "query {0}={1} on ?{2} -> {3}")
    @CsvSource({
            "exact, blue, color=blue, true",
            "exact, blue, size=1&color=blue, true",
            "exact, blue, color=red, false",
            "exact, blue, Color=blue, false",
            "exact, blue, color=red&color=blue, false",
            "exact, '', color, true",
            "exact, blue, '', false",
            "regex, b.*, color=blue, true",
            "regex, b.*, color=red, false",
    })
    void queryParamMatches(String kind, String value, String query, boolean expected) {
        // Given
        StringMatch match = "exact".equals(kind) ? new StringMatch.Exact(value) : new StringMatch.Regex(value);
        HttpMatch condition = new HttpMatch(null, null, List.of(), List.of(new QueryMatch("color", match)));

        // When
        boolean matched = RuleMatcher.matches(condition, HttpRequestView.of("GET", "/shop?" + query));

        // Then
        assertThat(matched).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /payment/x, true",
            "POST, /payment/x, false",
            "GET, /stats, false",
    })
    void partsOfOneConditionAreAnded(String method, String path, boolean expected) {
        HttpMatch condition = new HttpMatch("GET", new PathMatch.SegmentPrefix("/payment"), List.of(), List.of());
        assertThat(RuleMatcher.matches(condition, HttpRequestView.of(method, path))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "GET, /stats, true",
            "POST, /payment, true",
            "POST, /stats, false",
    })
    void conditionsOfOneRuleAreOred(String method, String path, boolean expected) {
        List<HttpMatch> conditions = List.of(new HttpMatch("GET", null, List.of(), List.of()),
                new HttpMatch(null, new PathMatch.Prefix("/payment"), List.of(), List.of()));
        assertThat(RuleMatcher.matchesAny(conditions, HttpRequestView.of(method, path))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} {1} -> rule {2}")
    @CsvSource({
            "GET, /payment/x, 0",
            "GET, /payment, 0",
            "POST, /payment, 1",
            "GET, /stats, 1",
    })
    void firstMatchingRuleWinsInOrder(String method, String path, int expectedRule) {
        // Given: the catch-all second would also match everything the first does
        HttpRule first = rule(0, new HttpMatch("GET", new PathMatch.SegmentPrefix("/payment"), List.of(), List.of()));
        HttpRule second = rule(1, HttpMatch.ANY);

        // When
        HttpRule matched = RuleMatcher.firstMatch(List.of(first, second), HttpRequestView.of(method, path))
                .orElseThrow();

        // Then
        assertThat(matched.source().ruleIndex()).isEqualTo(expectedRule);
    }

    @Test
    void noRuleMatchesWhenNoConditionHolds() {
        HttpRule only = rule(0, new HttpMatch("GET", null, List.of(), List.of()));
        assertThat(RuleMatcher.firstMatch(List.of(only), HttpRequestView.of("DELETE", "/"))).isEmpty();
    }

    private static HttpRule rule(int index, HttpMatch match) {
        return new HttpRule(List.of(match),
                List.of(new WeightedDestination(ServiceKey.parse("secure/payment"), 8080, 1, null)), null,
                new RuleSource.L7Rule(new ObjectRef(L7Kind.HTTP_ROUTE, "secure", "payment"), index, null));
    }
}

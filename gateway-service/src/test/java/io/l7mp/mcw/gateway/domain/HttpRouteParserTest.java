package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpRouteParserTest {
    private static final ObjectRef REF = new ObjectRef(L7Kind.HTTP_ROUTE, "secure", "payment");
    private static final ServiceKey PAYMENT = ServiceKey.parse("secure/payment");

    @Test
    void parsesTheStoryTwoExample() {
        // Given
        Map<String, Object> spec = VirtualServiceParserTest.example("l7/httproute.yaml");

        // When
        ParseResult result = HttpRouteParser.parse("secure", "payment", spec);

        // Then
        assertThat(result).isEqualTo(new ParseResult.Parsed(List.of(PAYMENT), List.of(
                new HttpRule(List.of(new HttpMatch("GET", new PathMatch.SegmentPrefix("/payment"), List.of(),
                        List.of())),
                        List.of(new WeightedDestination(ServiceKey.parse("secure/payment-high-prio"), 8080, 1, null)),
                        null, new RuleSource.L7Rule(REF, 0, 0)),
                new HttpRule(List.of(HttpMatch.ANY),
                        List.of(new WeightedDestination(ServiceKey.parse("secure/payment-low-prio"), 8080, 1, null)),
                        null, new RuleSource.L7Rule(REF, 1, null))),
                List.of(), List.of(new RouteParent("spec.hostnames[0]", ParentRef.serviceImport(PAYMENT), PAYMENT,
                        null, null, null))));
    }

    @Test
    void ordersMatchesByGatewayApiPrecedence() {
        // Given: declared from least to most specific
        Map<String, Object> spec = Fixtures.spec("""
                hostnames: [payment.secure.svc.clusterset.local]
                rules:
                - backendRefs: [{name: catch-all}]
                - matches: [{path: {type: PathPrefix, value: /api}}]
                  backendRefs: [{name: api}]
                - matches:
                  - path: {type: PathPrefix, value: /api}
                    headers: [{name: x-version, value: v2}]
                  - path: {type: PathPrefix, value: /api}
                    method: GET
                  backendRefs: [{name: api-special}]
                - matches: [{path: {type: RegularExpression, value: "/api/v[0-9]+/.*"}}]
                  backendRefs: [{name: api-versioned}]
                - matches: [{path: {type: Exact, value: /api/health}}]
                  backendRefs: [{name: health}]
                """);

        // When
        ParseResult.Parsed parsed = (ParseResult.Parsed) HttpRouteParser.parse("secure", "payment", spec);

        // Then
        assertThat(parsed.rules()).extracting(r -> r.source().field()).containsExactly(
                "spec.rules[4].matches[0]", // Exact
                "spec.rules[3].matches[0]", // RegularExpression
                "spec.rules[2].matches[1]", // PathPrefix /api + method
                "spec.rules[2].matches[0]", // PathPrefix /api + 1 header
                "spec.rules[1].matches[0]", // PathPrefix /api
                "spec.rules[0]"); // PathPrefix / (no matches)
    }

    @Test
    void serviceImportServiceAndKindlessBackendsAllNameTheClustersetService() {
        ParseResult.Parsed parsed = (ParseResult.Parsed) HttpRouteParser.parse("secure", "payment", Fixtures.spec("""
                hostnames: [payment.secure.svc.clusterset.local]
                rules:
                - backendRefs:
                  - {group: multicluster.x-k8s.io, kind: ServiceImport, name: a, port: 8080, weight: 2}
                  - {kind: Service, name: b, port: 8080, weight: 4}
                  - {name: c, weight: 0}
                """));
        assertThat(parsed.rules().get(0).destinations()).containsExactly(
                new WeightedDestination(ServiceKey.parse("secure/a"), 8080, 1, null),
                new WeightedDestination(ServiceKey.parse("secure/b"), 8080, 2, null),
                new WeightedDestination(ServiceKey.parse("secure/c"), null, 0, null));
    }

    @Test
    void readsHeaderAndQueryMatchesAndRequestHeaderModifiers() {
        // When
        ParseResult.Parsed parsed = (ParseResult.Parsed) HttpRouteParser.parse("secure", "payment", Fixtures.spec("""
                hostnames: [payment.secure.svc.clusterset.local]
                rules:
                - matches:
                  - headers:
                    - {name: X-Version, value: v2}
                    - {name: x-version, value: ignored-duplicate}
                    - {type: RegularExpression, name: x-user, value: "u[0-9]+"}
                    queryParams: [{name: debug, value: "1"}]
                  filters:
                  - type: RequestHeaderModifier
                    requestHeaderModifier:
                      set: [{name: X-Route, value: canary}]
                      add: [{name: x-trace, value: "1"}]
                      remove: [cookie]
                  backendRefs:
                  - name: payment-v2
                    port: 8080
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: x-version, value: v2}]}
                """));

        // Then
        HttpRule rule = parsed.rules().get(0);
        assertThat(rule.matches()).containsExactly(new HttpMatch(null, null,
                List.of(new HeaderMatch("x-version", new StringMatch.Exact("v2")),
                        new HeaderMatch("x-user", new StringMatch.Regex("u[0-9]+"))),
                List.of(new QueryMatch("debug", new StringMatch.Exact("1")))));
        assertThat(rule.requestHeaders()).isEqualTo(new HeaderModifier(Map.of("x-route", "canary"),
                Map.of("x-trace", "1"), List.of("cookie")));
        assertThat(rule.destinations().get(0).requestHeaders()).isEqualTo(HeaderModifier.setting("x-version", "v2"));
    }

    @Test
    void isIgnoredWhenAttachedToGatewaysOnly() {
        ParseResult result = HttpRouteParser.parse("web", "storefront", Fixtures.spec("""
                parentRefs: [{name: public, namespace: infra}]
                hostnames: [www.example.com]
                rules: [{backendRefs: [{name: storefront, port: 80}]}]
                """));
        assertThat(result).isEqualTo(new ParseResult.Ignored("HTTPRoute web/storefront: spec.parentRefs attach it "
                + "to Gateway infra/public only, not to a Service or ServiceImport"));
    }

    @Test
    void serviceImportParentNamesTheHost() {
        ParseResult result = HttpRouteParser.parse("secure", "payment", Fixtures.spec("""
                parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: payment}]
                rules: [{backendRefs: [{name: payment-v2, port: 8080}]}]
                """));
        assertThat(((ParseResult.Parsed) result).hosts()).containsExactly(PAYMENT);
    }

    @Test
    void aRuleNameIsAcceptedAndRoutesAsTheSameRuleWithout() {
        // Given: MeshHTTPRouteNamedRule names its rules
        String rules = """
                parentRefs: [{group: "", kind: Service, name: payment}]
                rules: [{%smatches: [{path: {type: PathPrefix, value: /a}}], backendRefs: [{name: a, port: 8080}]}]
                """;

        // When
        ParseResult named = HttpRouteParser.parse("secure", "payment", Fixtures.spec(rules.formatted("name: a-rule, ")));
        ParseResult unnamed = HttpRouteParser.parse("secure", "payment", Fixtures.spec(rules.formatted("")));

        // Then
        assertThat(named).isInstanceOf(ParseResult.Parsed.class).isEqualTo(unnamed);
    }

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("unsupported filter", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{filters: [{type: URLRewrite, urlRewrite: {}}], backendRefs: [{name: a}]}]
                        """, "spec.rules[0].filters[0].urlRewrite is not supported by the MCW gateway; remove it; "
                        + "spec.rules[0].filters[0].type is URLRewrite, which the MCW gateway does not support"),
                Arguments.of("redirect in a backend's filters", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules:
                        - backendRefs:
                          - name: a
                            filters: [{type: RequestRedirect, requestRedirect: {port: 8443}}]
                        """, "spec.rules[0].backendRefs[0].filters[0].type is RequestRedirect, which the MCW gateway "
                        + "supports in a rule's filters only"),
                Arguments.of("redirect status code", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{filters: [{type: RequestRedirect, requestRedirect: {statusCode: 305}}]}]
                        """, "spec.rules[0].filters[0].requestRedirect.statusCode is 305, expected 301 or 302"),
                Arguments.of("redirect scheme", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{filters: [{type: RequestRedirect, requestRedirect: {scheme: ftp}}]}]
                        """, "spec.rules[0].filters[0].requestRedirect.scheme is 'ftp', expected http or https"),
                Arguments.of("redirect hostname with a port", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{filters: [{type: RequestRedirect, requestRedirect: {hostname: "a.example:80"}}]}]
                        """, "spec.rules[0].filters[0].requestRedirect.hostname is 'a.example:80', expected a "
                        + "precise host name"),
                Arguments.of("redirect without its configuration", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{filters: [{type: RequestRedirect}]}]
                        """, "spec.rules[0].filters[0].requestRedirect is missing (required for type "
                        + "RequestRedirect)"),
                Arguments.of("prefix replacement after an exact match", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules:
                        - matches: [{path: {type: Exact, value: /old}}]
                          filters:
                          - type: RequestRedirect
                            requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
                        """, "spec.rules[0].matches[0].path is not a PathPrefix match, and "
                        + "spec.rules[0].filters[0].requestRedirect.path is ReplacePrefixMatch"),
                Arguments.of("path modifier value of the other type", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules:
                        - filters:
                          - type: RequestRedirect
                            requestRedirect: {path: {type: ReplaceFullPath, replacePrefixMatch: /new}}
                        """, "spec.rules[0].filters[0].requestRedirect.path.replacePrefixMatch is set, but type is "
                        + "ReplaceFullPath"),
                Arguments.of("unknown parentRef field", """
                        parentRefs: [{kind: Service, group: "", name: payment, portNumber: 8080}]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.parentRefs[0].portNumber is not a field of a ParentReference (expected group, "
                        + "kind, namespace, name, sectionName, port)"),
                Arguments.of("parentRef port out of range", """
                        parentRefs: [{kind: Service, group: "", name: payment, port: 70000}]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.parentRefs[0].port is 70000, expected a port number 1-65535"),
                Arguments.of("parentRef without a name", """
                        parentRefs: [{kind: ServiceImport, group: multicluster.x-k8s.io}]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.parentRefs[0].name is missing"),
                Arguments.of("timeouts", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{timeouts: {request: 5s}, backendRefs: [{name: a}]}]
                        """, "spec.rules[0].timeouts is not supported by the MCW gateway; remove it"),
                Arguments.of("wildcard hostname", """
                        hostnames: ["*.svc.clusterset.local"]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.hostnames[0] '*.svc.clusterset.local' is a wildcard"),
                Arguments.of("short hostname", """
                        hostnames: [payment]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.hostnames[0] 'payment' is not a service host: expected "
                        + "<svc>.<ns>.svc.clusterset.local (or <svc>.<ns>.svc.cluster.local)"),
                Arguments.of("hostname of another namespace", """
                        hostnames: [payment.billing.svc.clusterset.local]
                        rules: [{backendRefs: [{name: a}]}]
                        """, "is a service of namespace billing; an HTTPRoute in namespace secure"),
                Arguments.of("no parents and no hostnames", """
                        rules: [{backendRefs: [{name: a}]}]
                        """, "spec.parentRefs and spec.hostnames are missing: attach the route to a Service or "
                        + "ServiceImport in spec.parentRefs, or name its service(s) in spec.hostnames"),
                Arguments.of("invalid method", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{matches: [{method: get}], backendRefs: [{name: a}]}]
                        """, "spec.rules[0].matches[0].method is 'get', expected one of GET, HEAD"),
                Arguments.of("relative path", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{matches: [{path: {type: PathPrefix, value: payment}}], backendRefs: [{name: a}]}]
                        """, "spec.rules[0].matches[0].path.value is 'payment', expected an absolute path"),
                Arguments.of("unknown path type", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{matches: [{path: {type: Prefix, value: /p}}], backendRefs: [{name: a}]}]
                        """, "spec.rules[0].matches[0].path.type is 'Prefix', expected Exact, PathPrefix or "
                        + "RegularExpression"),
                Arguments.of("every weight 0", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{backendRefs: [{name: a, weight: 0}, {kind: Bucket, name: b, weight: 0}]}]
                        """, "spec.rules[0].backendRefs gives every backend weight 0"),
                Arguments.of("unknown match field", """
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{matches: [{uri: {prefix: /p}}], backendRefs: [{name: a}]}]
                        """, "spec.rules[0].matches[0].uri is not a field of an HTTPRouteMatch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesTheWholeObjectNamingTheField(String title, String specYaml, String expectedPart) {
        // When
        ParseResult result = HttpRouteParser.parse("secure", "payment", Fixtures.spec(specYaml));

        // Then
        assertThat(result).isInstanceOfSatisfying(ParseResult.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("HTTPRoute secure/payment: ")
                        .contains(expectedPart));
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VirtualServiceParserTest {
    private static final ObjectRef REF = new ObjectRef(L7Kind.VIRTUAL_SERVICE, "secure", "payment");
    private static final ServiceKey HIGH = ServiceKey.parse("secure/payment-high-prio");
    private static final ServiceKey LOW = ServiceKey.parse("secure/payment-low-prio");

    @Test
    void parsesTheStoryTwoExample() {
        // Given
        Map<String, Object> spec = example("l7/virtualservice.yaml");

        // When
        ParseResult result = VirtualServiceParser.parse("secure", "payment", spec);

        // Then
        assertThat(result).isEqualTo(new ParseResult.Parsed(List.of(ServiceKey.parse("secure/payment")), List.of(
                new HttpRule(List.of(new HttpMatch("GET", new PathMatch.Prefix("/payment"), List.of(), List.of())),
                        List.of(new WeightedDestination(HIGH, null, 1, null)), null,
                        new RuleSource.L7Rule(REF, 0, null)),
                new HttpRule(List.of(HttpMatch.ANY), List.of(new WeightedDestination(LOW, null, 1, null)), null,
                        new RuleSource.L7Rule(REF, 1, null))),
                List.of()));
    }

    @Test
    void refusesTheSeedLiteralSayingWhatIsWrongAndHowToFixIt() {
        // Given
        Map<String, Object> spec = example("bad/virtualservice-seed-literal.yaml");

        // When
        ParseResult result = VirtualServiceParser.parse("secure", "payment", spec);

        // Then
        assertThat(result).isEqualTo(new ParseResult.Refused("VirtualService secure/payment: "
                + "spec.http[0].route[1] has no 'destination' (it contains a nested 'route', which Istio does not "
                + "allow: each route[] entry is one weighted destination, '- destination: {host: ...}'); "
                + "note: spec.http[0].match[] ORs 2 separate conditions (uri prefix /payment OR method GET): to "
                + "require both, put uri and method in ONE match entry"));
    }

    @Test
    void acceptsOredConditionsWithRoutesButWarnsThatTheyAreOred() {
        // Given: valid Istio, probably not meant
        Map<String, Object> spec = Fixtures.spec("""
                hosts: [payment.secure.svc.clusterset.local]
                http:
                - match: [ uri: { prefix: "/payment" }, method: { exact: GET } ]
                  route:
                  - destination: {host: payment-high-prio}
                """);

        // When
        ParseResult result = VirtualServiceParser.parse("secure", "payment", spec);

        // Then
        assertThat(result).isInstanceOfSatisfying(ParseResult.Parsed.class, parsed -> {
            assertThat(parsed.rules().get(0).matches()).hasSize(2);
            assertThat(parsed.warnings()).containsExactly("spec.http[0].match[] ORs 2 separate conditions (uri "
                    + "prefix /payment OR method GET): to require both, put uri and method in ONE match entry");
        });
    }

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("unknown rule field", """
                        hosts: [payment]
                        http: [{timeoutt: 1s, route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].timeoutt is not a field of an Istio HTTPRoute (expected name, match, "
                        + "route, headers)"),
                Arguments.of("unsupported rule field", """
                        hosts: [payment]
                        http: [{retries: {attempts: 3}, route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].retries is not supported by the MCW gateway; remove it"),
                Arguments.of("tcp routes", """
                        hosts: [payment]
                        tcp: [{route: [{destination: {host: payment}}]}]
                        http: [{route: [{destination: {host: payment}}]}]
                        """, "spec.tcp is not supported by the MCW gateway; remove it"),
                Arguments.of("host outside the service domains", """
                        hosts: [payment.example.com]
                        http: [{route: [{destination: {host: payment}}]}]
                        """, "spec.hosts[0] 'payment.example.com' is not a service host: expected "
                        + "<svc>.<ns>.svc.clusterset.local (or <svc>.<ns>.svc.cluster.local, or a short name in "
                        + "namespace secure)"),
                Arguments.of("wildcard host", """
                        hosts: ["*.secure.svc.clusterset.local"]
                        http: [{route: [{destination: {host: payment}}]}]
                        """, "spec.hosts[0] '*.secure.svc.clusterset.local' is a wildcard"),
                Arguments.of("host of another namespace", """
                        hosts: [payment.billing.svc.clusterset.local]
                        http: [{route: [{destination: {host: payment}}]}]
                        """, "spec.hosts[0] 'payment.billing.svc.clusterset.local' is a service of namespace "
                        + "billing; a VirtualService in namespace secure may route only services of its own "
                        + "namespace"),
                Arguments.of("hosts not a list", """
                        hosts: payment
                        http: [{route: [{destination: {host: payment}}]}]
                        """, "spec.hosts is the string 'payment', expected a list"),
                Arguments.of("cluster-local destination", """
                        hosts: [payment]
                        http: [{route: [{destination: {host: payment-v2.secure.svc.cluster.local}}]}]
                        """, "spec.http[0].route[0].destination.host 'payment-v2.secure.svc.cluster.local' names a "
                        + "Service of this cluster only; the MCW gateway routes to imported services: write "
                        + "'payment-v2.secure.svc.clusterset.local'"),
                Arguments.of("destination subset", """
                        hosts: [payment]
                        http: [{route: [{destination: {host: payment, subset: v2}}]}]
                        """, "spec.http[0].route[0].destination.subset is not supported"),
                Arguments.of("two kinds in one StringMatch", """
                        hosts: [payment]
                        http: [{match: [{uri: {exact: /a, prefix: /b}}], route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].match[0].uri sets [exact, prefix], expected exactly one of exact, "
                        + "prefix, regex"),
                Arguments.of("method regex", """
                        hosts: [payment]
                        http: [{match: [{method: {regex: "GET|HEAD"}}], route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].match[0].method uses regex"),
                Arguments.of("query prefix", """
                        hosts: [payment]
                        http: [{match: [{queryParams: {id: {prefix: "1"}}}], route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].match[0].queryParams.id.prefix is not supported here: use exact or regex"),
                Arguments.of("unsupported match type", """
                        hosts: [payment]
                        http: [{match: [{withoutHeaders: {x: {}}}], route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].match[0].withoutHeaders is not supported by the MCW gateway"),
                Arguments.of("invalid regex", """
                        hosts: [payment]
                        http: [{match: [{uri: {regex: "/pay(ment"}}], route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].match[0].uri.regex '/pay(ment' is not a valid regular expression"),
                Arguments.of("response headers", """
                        hosts: [payment]
                        http: [{headers: {response: {set: {a: b}}}, route: [{destination: {host: payment}}]}]
                        """, "spec.http[0].headers.response is not supported by the MCW gateway; remove it"),
                Arguments.of("no http rules", """
                        hosts: [payment]
                        """, "spec.http is missing or empty"),
                Arguments.of("no route", """
                        hosts: [payment]
                        http: [{match: [{uri: {prefix: /}}]}]
                        """, "spec.http[0].route is missing or empty: a rule needs at least one destination"),
                Arguments.of("negative weight", """
                        hosts: [payment]
                        http: [{route: [{destination: {host: payment}, weight: -5}]}]
                        """, "spec.http[0].route[0].weight is -5, expected 0-1000000"),
                Arguments.of("all weights zero", """
                        hosts: [payment]
                        http: [{route: [{destination: {host: a}}, {destination: {host: b}}]}]
                        """, "spec.http[0].route gives every destination weight 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesTheWholeObjectNamingTheField(String title, String specYaml, String expectedPart) {
        // When
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec(specYaml));

        // Then
        assertThat(result).isInstanceOfSatisfying(ParseResult.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("VirtualService secure/payment: ")
                        .contains(expectedPart));
    }

    @Test
    void listsEveryProblemInOneReason() {
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [payment.example.com]
                http: [{fault: {}, route: [{destination: {host: payment, subset: v1}}]}]
                """));
        assertThat(((ParseResult.Refused) result).reason()).contains("spec.hosts[0]", "spec.http[0].fault",
                "destination.subset");
    }

    @Test
    void isIgnoredWhenBoundToIstioGatewaysOnly() {
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [www.example.com]
                gateways: [istio-system/public]
                http: [{route: [{destination: {host: payment}}]}]
                """));
        assertThat(result).isEqualTo(new ParseResult.Ignored("VirtualService secure/payment: spec.gateways lists "
                + "istio-system/public and not 'mesh', so it applies to those Istio gateways only"));
    }

    @Test
    void appliesWhenGatewaysIncludeTheMesh() {
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [payment]
                gateways: [mesh, istio-system/public]
                http: [{route: [{destination: {host: payment}}]}]
                """));
        assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void readsMatchesWeightsPortsAndHeaderModifiers() {
        // When
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [payment.secure.svc.cluster.local, payment]
                http:
                - match:
                  - uri: {regex: "/payment/[0-9]+"}
                    headers: {X-Canary: {}, x-version: {prefix: v2}}
                    queryParams: {debug: {exact: "1"}}
                  headers:
                    request: {set: {X-Route: canary}, add: {x-trace: "1"}, remove: [cookie]}
                  route:
                  - destination: {host: payment-v2, port: {number: 8080}}
                    weight: 80
                    headers: {request: {set: {x-version: v2}}}
                  - destination: {host: payment.secure.svc.clusterset.local}
                    weight: 20
                """));

        // Then
        ParseResult.Parsed parsed = (ParseResult.Parsed) result;
        assertThat(parsed.hosts()).containsExactly(ServiceKey.parse("secure/payment"));
        HttpRule rule = parsed.rules().get(0);
        assertThat(rule.matches()).containsExactly(new HttpMatch(null, new PathMatch.Regex("/payment/[0-9]+"),
                List.of(new HeaderMatch("x-canary", new StringMatch.Present()),
                        new HeaderMatch("x-version", new StringMatch.Prefix("v2"))),
                List.of(new QueryMatch("debug", new StringMatch.Exact("1")))));
        assertThat(rule.destinations()).containsExactly(
                new WeightedDestination(ServiceKey.parse("secure/payment-v2"), 8080, 4,
                        HeaderModifier.setting("x-version", "v2")),
                new WeightedDestination(ServiceKey.parse("secure/payment"), null, 1, null));
        assertThat(rule.requestHeaders()).isEqualTo(new HeaderModifier(Map.of("x-route", "canary"),
                Map.of("x-trace", "1"), List.of("cookie")));
    }

    @Test
    void destinationsMayBeInOtherNamespacesAsIstioAllows() {
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [payment]
                http: [{route: [{destination: {host: ledger.finance.svc.clusterset.local}}]}]
                """));
        assertThat(((ParseResult.Parsed) result).rules().get(0).destinations().get(0).service())
                .isEqualTo(ServiceKey.parse("finance/ledger"));
    }

    @Test
    void exportToIsIgnoredWithAWarning() {
        ParseResult result = VirtualServiceParser.parse("secure", "payment", Fixtures.spec("""
                hosts: [payment]
                exportTo: ["."]
                http: [{route: [{destination: {host: payment}}]}]
                """));
        assertThat(((ParseResult.Parsed) result).warnings()).singleElement().asString().startsWith("spec.exportTo");
    }

    static Map<String, Object> example(String file) {
        return Yaml.documents(Yaml.EXAMPLES.resolve(file)).stream()
                .filter(o -> "VirtualService".equals(o.get("kind")) || "HTTPRoute".equals(o.get("kind")))
                .map(o -> Yaml.l7Objects(List.of(o)).get(0).spec()).findFirst().orElseThrow();
    }
}

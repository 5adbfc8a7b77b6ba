package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTPRoutes as the Gateway API mesh profile has them: several routes on one Service merged by the spec's
 * precedence, routes scoped to one port by {@code parentRefs[].port} or {@code sectionName}, and the conditions of
 * their status with the spec's reasons.
 */
class HttpRouteMergeTest {
    private static final Instant OLDER = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NEWER = Instant.parse("2026-01-02T00:00:00Z");
    private static final String PARENT = "parentRefs: [{group: \"\", kind: Service, name: payment}]\n";
    /** payment has ports http/8080 (egress 40353) and admin/9090 (egress 40354); a and b are the backends. */
    private static final List<ImportedService> IMPORTS = List.of(
            new ImportedService("secure", "payment", List.of(new ImportedPort("http", "TCP", 8080, 40353),
                    new ImportedPort("admin", "TCP", 9090, 40354))),
            Fixtures.imported("secure/a", 8080, 40355), Fixtures.imported("secure/b", 8080, 40356));

    static List<Arguments> precedence() {
        return List.of(
                Arguments.of("an exact path beats a prefix of an older route",
                        "[{path: {type: PathPrefix, value: /api}}]", "[{path: {type: Exact, value: /api/health}}]",
                        NEWER, HttpRequestView.of("GET", "/api/health"), "b"),
                Arguments.of("the longer prefix wins", "[{path: {type: PathPrefix, value: /api}}]",
                        "[{path: {type: PathPrefix, value: /api/v1}}]", NEWER, HttpRequestView.of("GET", "/api/v1/x"),
                        "b"),
                Arguments.of("a method match wins", "[{path: {type: PathPrefix, value: /api}}]",
                        "[{path: {type: PathPrefix, value: /api}, method: GET}]", NEWER,
                        HttpRequestView.of("GET", "/api"), "b"),
                Arguments.of("more header matches win",
                        "[{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: '1'}]}]",
                        "[{path: {type: PathPrefix, value: /api}, headers: [{name: x-a, value: '1'}, "
                                + "{name: x-b, value: '2'}]}]",
                        NEWER, HttpRequestView.of("GET", "/api", "x-a", "1", "x-b", "2"), "b"),
                Arguments.of("more query matches win",
                        "[{path: {type: PathPrefix, value: /api}, queryParams: [{name: a, value: '1'}]}]",
                        "[{path: {type: PathPrefix, value: /api}, queryParams: [{name: a, value: '1'}, "
                                + "{name: b, value: '2'}]}]",
                        NEWER, HttpRequestView.of("GET", "/api?a=1&b=2"), "b"),
                Arguments.of("on a tie, the oldest route wins", "[{path: {type: PathPrefix, value: /api}}]",
                        "[{path: {type: PathPrefix, value: /api}}]", NEWER, HttpRequestView.of("GET", "/api"), "a"),
                Arguments.of("on a tie of the same age, namespace/name decides",
                        "[{path: {type: PathPrefix, value: /api}}]", "[{path: {type: PathPrefix, value: /api}}]",
                        OLDER, HttpRequestView.of("GET", "/api"), "a"),
                Arguments.of("a request neither matches gets 404 whatever the order",
                        "[{path: {type: PathPrefix, value: /api}}]", "[{path: {type: Exact, value: /health}}]", NEWER,
                        HttpRequestView.of("GET", "/other"), "404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("precedence")
    void routesOnOneServiceAreMergedByPrecedence(String title, String firstMatches, String secondMatches,
            Instant secondCreated, HttpRequestView request, String expected) {
        // Given: route "route-a" (older, or same age and first by name) sends to a, "route-b" to b
        L7Object first = route("route-a", OLDER, PARENT + "rules: [{matches: " + firstMatches
                + ", backendRefs: [{name: a, port: 8080}]}]");
        L7Object second = route("route-b", secondCreated, PARENT + "rules: [{matches: " + secondMatches
                + ", backendRefs: [{name: b, port: 8080}]}]");

        // When: listed in either order
        for (List<L7Object> objects : List.of(List.of(first, second), List.of(second, first))) {
            EgressDecision decision = build(objects).egressHttp(40353, request, 0);

            // Then
            assertThat(outcome(decision)).as(title).isEqualTo(expected);
        }
    }

    static List<Arguments> ports() {
        return List.of(
                Arguments.of("port: 9090", "[{group: \"\", kind: Service, name: payment, port: 9090}]", "a", "b"),
                Arguments.of("sectionName: admin", "[{group: \"\", kind: Service, name: payment, sectionName: admin}]",
                        "a", "b"),
                Arguments.of("port and sectionName of the same port",
                        "[{group: \"\", kind: Service, name: payment, port: 9090, sectionName: admin}]", "a", "b"),
                Arguments.of("sectionName http",
                        "[{group: multicluster.x-k8s.io, kind: ServiceImport, name: payment, sectionName: http}]",
                        "b", "a"),
                Arguments.of("both ports, one parentRef each", "[{group: \"\", kind: Service, name: payment, port: "
                        + "8080}, {group: \"\", kind: Service, name: payment, port: 9090}]", "b", "b"),
                Arguments.of("every port", "[{group: \"\", kind: Service, name: payment}]", "b", "b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void aRouteAttachedToOnePortAppliesToThatPortOnly(String title, String parentRefs, String on8080, String on9090) {
        // Given: route-a on every port sends to a; route-b (newer, longer prefix) to b, on the ports it names
        L7Object everyPort = route("route-a", OLDER, PARENT + "rules: [{backendRefs: [{name: a, port: 8080}]}]");
        L7Object scoped = route("route-b", NEWER, "parentRefs: " + parentRefs + "\nrules: [{matches: [{path: {type: "
                + "PathPrefix, value: /api}}], backendRefs: [{name: b, port: 8080}]}]");
        RouteTable table = build(List.of(everyPort, scoped));

        // When
        String http = outcome(table.egressHttp(40353, HttpRequestView.of("GET", "/api/x"), 0));
        String admin = outcome(table.egressHttp(40354, HttpRequestView.of("GET", "/api/x"), 0));

        // Then
        assertThat(List.of(http, admin)).as(title).containsExactly(on8080, on9090);
    }

    @Test
    void aServiceWithoutRulesForAPortIsRoutedAtServiceLevelThere() {
        // Given: the only route is on port 9090 (MeshPorts: "Explicit port, send to an excluded port")
        RouteTable table = build(List.of(route("admin-only", OLDER, """
                parentRefs: [{group: "", kind: Service, name: payment, port: 9090}]
                rules: [{filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-header-set, \
                value: v1}]}}], backendRefs: [{name: payment, port: 9090}]}]
                """)));

        // When
        EgressDecision on8080 = table.egressHttp(40353, HttpRequestView.of("GET", "/"), 0);
        EgressDecision on9090 = table.egressHttp(40354, HttpRequestView.of("GET", "/"), 0);

        // Then
        assertThat(on8080).isInstanceOfSatisfying(EgressDecision.Route.class, r -> {
            assertThat(r.source()).isEqualTo(new RuleSource.ServiceLevel(ServiceKey.parse("secure/payment")));
            assertThat(r.requestHeaders().set()).doesNotContainKey("x-header-set");
        });
        assertThat(on9090).isInstanceOfSatisfying(EgressDecision.Route.class,
                r -> assertThat(r.requestHeaders().set()).containsEntry("x-header-set", "v1"));
    }

    static List<Arguments> statuses() {
        return List.of(
                Arguments.of("valid", PARENT + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "Accepted", "ResolvedRefs", "routes requests to payment.secure.svc.clusterset.local (every "
                                + "port)"),
                Arguments.of("a field the gateway does not support", PARENT
                        + "rules: [{timeouts: {request: 1s}, backendRefs: [{name: a, port: 8080}]}]",
                        "UnsupportedValue", "ResolvedRefs", "spec.rules[0].timeouts is not supported"),
                Arguments.of("an unknown parentRef field",
                        "parentRefs: [{group: \"\", kind: Service, name: payment, weight: 1}]\n"
                                + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "UnsupportedValue", "ResolvedRefs", "spec.parentRefs[0].weight is not a field of a "
                                + "ParentReference"),
                Arguments.of("a Service of another namespace",
                        "parentRefs: [{group: \"\", kind: Service, name: payment, namespace: shop}]\n"
                                + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "NotAllowedByListeners", "ResolvedRefs", "may route only services of its own namespace"),
                Arguments.of("a port the Service does not have",
                        "parentRefs: [{group: \"\", kind: Service, name: payment, port: 7070}]\n"
                                + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "NoMatchingParent", "ResolvedRefs", "port 7070, which payment.secure.svc.clusterset.local "
                                + "does not have (ports: http/8080, admin/9090)"),
                Arguments.of("port and sectionName of different ports",
                        "parentRefs: [{group: \"\", kind: Service, name: payment, port: 8080, sectionName: admin}]\n"
                                + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "NoMatchingParent", "ResolvedRefs", "sectionName admin port 8080, which"),
                Arguments.of("a port name of a service not imported here",
                        "parentRefs: [{group: \"\", kind: Service, name: ledger, sectionName: http}]\n"
                                + "rules: [{backendRefs: [{name: a, port: 8080}]}]",
                        "NoMatchingParent", "ResolvedRefs", "its port names are not known here"),
                Arguments.of("a backend nobody exports", PARENT + "rules: [{backendRefs: [{name: gone, port: 80}]}]",
                        "Accepted", "BackendNotFound", "gone.secure.svc.clusterset.local, which is not imported"),
                Arguments.of("a backend port the service does not have",
                        PARENT + "rules: [{backendRefs: [{name: a, port: 80}]}]", "Accepted", "BackendNotFound",
                        "port 80, which it does not have (ports: 8080)"),
                Arguments.of("a backend that is not a service",
                        PARENT + "rules: [{backendRefs: [{group: example.com, kind: Bucket, name: a}]}]", "Accepted",
                        "InvalidKind", "spec.rules[0].backendRefs[0] is a example.com/Bucket"),
                Arguments.of("a backend in another namespace",
                        PARENT + "rules: [{backendRefs: [{name: a, namespace: shop, port: 8080}]}]", "Accepted",
                        "RefNotPermitted", "needs a ReferenceGrant"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void statusSaysWhetherEachParentTookTheRouteAndWhetherItsReferencesResolved(String title, String spec,
            String acceptedReason, String resolvedRefsReason, String messagePart) {
        // When
        RouteTable table = build(List.of(route("payment", OLDER, spec)));

        // Then
        RouteStatus status = table.routeStatuses().get(new ObjectRef(L7Kind.HTTP_ROUTE, "secure", "payment"));
        assertThat(status.generation()).isEqualTo(7L);
        RouteStatus.ParentStatus parent = status.parents().get(0);
        assertThat(parent.accepted().reason()).isEqualTo(acceptedReason);
        assertThat(parent.accepted().status()).isEqualTo("Accepted".equals(acceptedReason));
        assertThat(parent.resolvedRefs().reason()).isEqualTo(resolvedRefsReason);
        assertThat(parent.resolvedRefs().status()).isEqualTo("ResolvedRefs".equals(resolvedRefsReason));
        assertThat(parent.accepted().message() + " " + parent.resolvedRefs().message()).contains(messagePart);
        assertThat(table.refused()).hasSize("Accepted".equals(acceptedReason) ? 0 : 1);
    }

    @Test
    void aParentThatDoesNotTakeTheRouteLeavesItOnTheOthers() {
        // When
        RouteTable table = build(List.of(route("payment", OLDER, """
                parentRefs:
                - {group: "", kind: Service, name: payment, namespace: shop}
                - {group: "", kind: Service, name: payment}
                hostnames: [a.secure.svc.clusterset.local]
                rules: [{backendRefs: [{name: a, port: 8080}]}]
                """)));

        // Then: accepted by the second, said on the first and as notices; hostnames do not attach it to a
        RouteStatus status = table.routeStatuses().values().iterator().next();
        assertThat(status.parents()).extracting(p -> p.accepted().reason())
                .containsExactly("NotAllowedByListeners", "Accepted");
        assertThat(status.parents().get(1).accepted().message()).contains("note: spec.hostnames is not used");
        assertThat(table.refused()).isEmpty();
        assertThat(table.l7Rules()).containsOnlyKeys(ServiceKey.parse("secure/payment"));
        assertThat(table.notices()).extracting(Notice::message).anySatisfy(m -> assertThat(m)
                .contains("may route only services of its own namespace"));
    }

    @Test
    void aRuleWithoutBackendsAnswers500AndSaysSo() {
        // When
        RouteTable table = build(List.of(route("payment", OLDER, PARENT + """
                rules:
                - matches: [{path: {type: PathPrefix, value: /closed}}]
                - backendRefs: [{name: a, port: 8080}]
                """)));

        // Then
        assertThat(table.egressHttp(40353, HttpRequestView.of("GET", "/closed/x"), 0))
                .isInstanceOfSatisfying(EgressDecision.BackendError.class, e -> assertThat(e.reason())
                        .isEqualTo("HTTPRoute secure/payment spec.rules[0].matches[0] has no backend to send the "
                                + "request to"));
        assertThat(outcome(table.egressHttp(40353, HttpRequestView.of("GET", "/open"), 0))).isEqualTo("a");
        assertThat(table.routeStatuses().values().iterator().next().parents().get(0).accepted().message())
                .contains("note: spec.rules[0] has no backendRefs and no RequestRedirect: the requests it matches "
                        + "are answered 500");
    }

    @Test
    void aVirtualServiceAfterAnHttpRouteOnTheSameHostIsRefused() {
        // When
        RouteTable table = build(List.of(route("payment", OLDER, PARENT + "rules: [{backendRefs: [{name: a, "
                + "port: 8080}]}]"), Fixtures.virtualService("secure", "payment-vs", """
                        hosts: [payment]
                        http: [{route: [{destination: {host: b}}]}]
                        """)));

        // Then
        assertThat(table.refused()).extracting(RefusedObject::reason).singleElement().asString()
                .contains("is already routed by HTTPRoute secure/payment (older)");
    }

    private static String outcome(EgressDecision decision) {
        if (decision instanceof EgressDecision.Route route) {
            return route.destination().name();
        }
        return String.valueOf(((EgressDecision.Refusal) decision).status());
    }

    private static L7Object route(String name, Instant created, String specYaml) {
        return new L7Object(L7Kind.HTTP_ROUTE, "secure", name, created, Fixtures.spec(specYaml), 7L);
    }

    private static RouteTable build(List<L7Object> objects) {
        List<io.l7mp.mcw.api.event.ExportEvent> exports = new ArrayList<>();
        exports.add(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 1, 8080, 9090));
        exports.add(Fixtures.export("cluster-1", "secure/a", "high", 31111, 1, 8080));
        exports.add(Fixtures.export("cluster-1", "secure/b", "high", 31111, 1, 8080));
        return RouteTableBuilder.build(new GatewayInputs("cluster-2", exports, IMPORTS, List.of(), List.of(),
                objects));
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Golden-file tests of {@link RouteTableBuilder} (see {@link GoldenFiles}), plus the key facts of the story cases
 * asserted directly, so that a careless {@code -Dmcw.golden.update=true} cannot bless a broken table.
 */
class RouteTableGoldenTest {
    static final List<String> CASES = List.of("service-level", "service-level-exporter", "l7-virtualservice",
            "l7-httproute", "seed-literal-refused", "two-exporting-clusters", "no-policy-port-local",
            "l7-refused-references", "failover-down", "failover-hold-down", "failover-sla", "failover-other-cluster",
            "l7-httproute-mesh", "static-import");

    @ParameterizedTest
    @FieldSource("CASES")
    void tableMatchesGoldenFile(String name) throws IOException {
        // Given
        GatewayInputs inputs = GoldenFiles.read(name).inputs();

        // When
        String actual = GoldenFiles.render(RouteTableBuilder.build(inputs));

        // Then
        if (GoldenFiles.UPDATE) {
            GoldenFiles.update(name, actual);
        }
        assertThat(actual).as("golden/%s/out.yaml (rerun with -Dmcw.golden.update=true to rewrite)", name)
                .isEqualTo(GoldenFiles.expected(name));
    }

    @Test
    void everyGoldenCaseDirectoryIsUsed() throws IOException {
        assertThat(GoldenFiles.directories()).as("case directories under %s", GoldenFiles.ROOT)
                .containsExactlyInAnyOrderElementsOf(CASES);
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void tableDoesNotDependOnInputOrder(String name) {
        // Given
        GatewayInputs inputs = GoldenFiles.read(name).inputs();
        Random random = new Random(42);
        GatewayInputs shuffled = new GatewayInputs(inputs.cluster(), shuffle(inputs.exports(), random),
                shuffle(inputs.imports(), random), shuffle(inputs.policies(), random),
                shuffle(inputs.localServices(), random), shuffle(inputs.l7Objects(), random),
                new TunnelInputs(shuffle(inputs.tunnels().paths(), random), inputs.tunnels().current(),
                        inputs.tunnels().now()));

        // When
        RouteTable fromShuffled = RouteTableBuilder.build(shuffled);

        // Then
        assertThat(GoldenFiles.render(fromShuffled)).isEqualTo(GoldenFiles.render(RouteTableBuilder.build(inputs)));
    }

    @Test
    void virtualServiceAndHttpRouteCompileToTheSameRoutesApartFromSourceAndPrefixKind() {
        // Given
        Object vs = withoutSources(RouteTableRenderer.render(GoldenFiles.table("l7-virtualservice")).get("routes"));
        Object hr = withoutSources(RouteTableRenderer.render(GoldenFiles.table("l7-httproute")).get("routes"));

        // Then: the one difference is the prefix kind each API defines (see EquivalenceTest for what it changes)
        assertThat(vs).isNotEqualTo(hr);
        assertThat(Yaml.write(vs)).contains("prefix: /payment").doesNotContain("pathPrefix");
        assertThat(Yaml.write(hr)).contains("pathPrefix: /payment");
        assertThat(renamed(hr, "pathPrefix", "prefix")).isEqualTo(vs);
    }

    @Test
    void virtualServiceAndHttpRouteTablesAgreeOnEverythingButRoutes() {
        // Given
        Map<String, Object> vs = new LinkedHashMap<>(RouteTableRenderer.render(GoldenFiles.table("l7-virtualservice")));
        Map<String, Object> hr = new LinkedHashMap<>(RouteTableRenderer.render(GoldenFiles.table("l7-httproute")));

        // When: the HTTPRoute's status is the one thing a VirtualService has no counterpart of
        vs.remove("routes");
        hr.remove("routes");
        hr.remove("routeStatuses");

        // Then
        assertThat(hr).isEqualTo(vs);
    }

    @Test
    void storyOneRoutesEveryPaymentRequestOverTheHighPriorityTunnel() {
        // Given
        RouteTable table = GoldenFiles.table("service-level");

        // When
        EgressDecision decision = table.egressHttp(40353, HttpRequestView.of("POST", "/anything"), 0.5);

        // Then
        assertThat(decision).isInstanceOfSatisfying(EgressDecision.Route.class, route -> {
            assertThat(route.destination()).isEqualTo(ServiceKey.parse("secure/payment"));
            assertThat(route.candidates()).extracting(Upstream::address)
                    .containsExactly(new Endpoint("10.0.1.1", 31111));
            assertThat(route.source()).isEqualTo(new RuleSource.ServiceLevel(ServiceKey.parse("secure/payment")));
        });
    }

    @Test
    void seedLiteralIsRefusedAndLeavesPaymentServiceLevel() {
        // Given
        RouteTable table = GoldenFiles.table("seed-literal-refused");

        // Then
        assertThat(table.l7Rules()).isEmpty();
        assertThat(table.refused()).singleElement().satisfies(r -> {
            assertThat(r.object().toString()).isEqualTo("VirtualService secure/payment");
            assertThat(r.reason()).contains("spec.http[0].route[1] has no 'destination'")
                    .contains("spec.http[0].match[] ORs 2 separate conditions");
        });
        assertThat(table.egressHttp(40353, HttpRequestView.of("POST", "/x"), 0)).isInstanceOfSatisfying(
                EgressDecision.Route.class, r -> assertThat(r.candidates().get(0).tunnelPort()).isEqualTo(31111));
    }

    @Test
    void aStaticImportGoesToItsPinnedIngressOverTheLocalPolicyAndFailsOverThere() {
        // Given
        RouteTable table = GoldenFiles.table("static-import");

        // When
        EgressDecision payment = table.egressHttp(40353, HttpRequestView.of("GET", "/"), 0.5);

        // Then: not cluster-1's export on the bus; business is down, so internet on its own port, same host
        assertThat(payment).isInstanceOfSatisfying(EgressDecision.Route.class, route -> {
            assertThat(route.candidates()).extracting(Upstream::cluster).containsOnly("dc-7");
            assertThat(route.candidates()).extracting(Upstream::address)
                    .containsExactly(new Endpoint("127.0.1.7", 31112));
            assertThat(route.candidates().get(0).tunnel()).isEqualTo("internet");
        });
        assertThat(table.tunnelChoices().get("dc-7/sd-wan-priority-high").kind()).isEqualTo(TunnelChoice.Kind.FAILOVER);
        assertThat(table.egressHttp(40354, HttpRequestView.of("GET", "/"), 0.5))
                .isInstanceOf(EgressDecision.Unavailable.class);
        assertThat(table.notices()).extracting(Notice::message)
                .anySatisfy(m -> assertThat(m).contains("sd-wan-priority-gold, which is not an accepted policy"))
                .anySatisfy(m -> assertThat(m).contains("mcw.l7mp.io/static-ingress").contains("'high'"));
    }

    @Test
    void aStaticImportTakesTheAnnotationsPortOnItsOwnTunnel() {
        // Given: the same case with every path healthy
        GatewayInputs in = GoldenFiles.read("static-import").inputs();
        GatewayInputs healthy = new GatewayInputs(in.cluster(), in.exports(), in.imports(), in.policies(),
                in.localServices(), in.l7Objects(), TunnelInputs.NONE);

        // When
        EgressDecision payment = RouteTableBuilder.build(healthy).egressHttp(40353, HttpRequestView.of("GET", "/"),
                0.5);

        // Then
        assertThat(payment).isInstanceOfSatisfying(EgressDecision.Route.class, route -> assertThat(
                route.candidates()).extracting(Upstream::address).containsExactly(new Endpoint("127.0.1.7", 32000),
                        new Endpoint("127.0.1.7", 31112)));
    }

    @Test
    void exportWithoutLocalPolicyHasNoListenerAndANotice() {
        // Given
        RouteTable table = GoldenFiles.table("no-policy-port-local");

        // Then
        assertThat(table.ingressPorts()).containsExactly(31112);
        assertThat(table.notices()).extracting(Notice::message)
                .anySatisfy(m -> assertThat(m).contains("no ingress listener on port 31111"));
        assertThat(table.ingress(31112, "payment.secure.svc.clusterset.local:8080"))
                .isInstanceOf(IngressDecision.Forward.class);
    }

    @Test
    void refusedReferencesNameTheMissingServiceAndTheOlderObject() {
        // Given
        RouteTable table = GoldenFiles.table("l7-refused-references");

        // Then
        assertThat(table.refused()).extracting(RefusedObject::reason).containsExactly(
                "HTTPRoute secure/payment-canary: spec.hostnames[0] names payment.secure.svc.clusterset.local, "
                        + "which VirtualService secure/payment (older) routes; the MCW gateway does not merge a "
                        + "VirtualService with HTTPRoutes: move its rules into HTTPRoutes, or delete this route",
                "VirtualService secure/billing: spec.http[0] routes to billing-v9.secure.svc.clusterset.local, "
                        + "which is not imported in cluster cluster-2 (no cluster exports it, or the name is wrong)");
        assertThat(table.notices()).extracting(Notice::subject).contains("HTTPRoute web/storefront");
        assertThat(table.l7Rules()).containsOnlyKeys(ServiceKey.parse("secure/payment"));
    }

    @Test
    void meshRoutesAreMergedOnTheirServicePerPortAndABrokenRuleAnswers500WhileTheOthersWork() {
        // Given
        RouteTable table = GoldenFiles.table("l7-httproute-mesh");
        HttpRequestView canary = HttpRequestView.of("GET", "/api/orders", "x-canary", "true");

        // Then: on port 8080 (egress 40353) the canary route is merged in, on 9090 (40354) it does not apply
        assertThat(destination(table.egressHttp(40353, canary, 0))).isEqualTo("secure/payment-v2");
        assertThat(destination(table.egressHttp(40354, canary, 0))).isEqualTo("secure/payment-v1");
        // the longer prefix of the newer route wins, and its invalid backend's quarter is answered 500
        assertThat(destination(table.egressHttp(40353, HttpRequestView.of("GET", "/api/v2/x"), 0.5)))
                .isEqualTo("secure/payment-v2");
        assertThat(table.egressHttp(40353, HttpRequestView.of("GET", "/api/v2/x"), 0.8))
                .isInstanceOf(EgressDecision.BackendError.class);
        // the redirect is answered by the egress gateway, with the matched prefix replaced
        assertThat(table.egressHttp(40353, HttpRequestView.of("GET", "/old/orders?page=2", "host",
                "payment.secure.svc.clusterset.local:8080"), 0)).isEqualTo(new EgressDecision.Redirect(301,
                        "http://payment.secure.svc.clusterset.local:8080/api/orders?page=2",
                        new RuleSource.L7Rule(new ObjectRef(L7Kind.HTTP_ROUTE, "secure", "payment-base"), 1, 0)));
        // the rule whose only backend is not imported answers 500, the route's other rules keep working
        assertThat(table.egressHttp(40353, HttpRequestView.of("GET", "/ledger/1"), 0))
                .isInstanceOfSatisfying(EgressDecision.BackendError.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.reason()).contains("ledger.secure.svc.clusterset.local, which is not imported");
                });
        assertThat(destination(table.egressHttp(40353, HttpRequestView.of("GET", "/anything"), 0)))
                .isEqualTo("secure/payment-v1");
        // and the routes no parent took are refused, each with the parent's reason
        assertThat(table.routeStatuses().values()).extracting(s -> s.route().name() + ":" + s.parents().get(0)
                .accepted().reason()).containsExactly("ledger-consumer:NotAllowedByListeners",
                        "payment-base:Accepted", "payment-canary:Accepted", "payment-typo:NoMatchingParent");
    }

    private static String destination(EgressDecision decision) {
        assertThat(decision).isInstanceOf(EgressDecision.Route.class);
        return ((EgressDecision.Route) decision).destination().toString();
    }

    @Test
    void storyThreeADownTunnelSendsEveryRequestOverTheFailoverTunnelWithItsDscp() {
        // Given
        RouteTable table = GoldenFiles.table("failover-down");

        // When
        EgressDecision decision = table.egressHttp(40353, HttpRequestView.of("GET", "/payment"), 0.5);

        // Then: internet's port and DSCP, and no retry on the dead tunnel
        assertThat(decision).isInstanceOfSatisfying(EgressDecision.Route.class, route -> assertThat(
                route.candidates()).containsExactly(
                        new Upstream("cluster-1", "127.0.1.1", 31112,
                                "sd-wan-priority-high", "internet", 10)));
        assertThat(table.activeTunnels()).containsExactly(Map.entry("cluster-1/sd-wan-priority-high", "internet"));
    }

    @Test
    void aRecoveredTunnelWaitsForItsHoldDownAndTheTableSaysWhenToLookAgain() {
        // Given
        RouteTable table = GoldenFiles.table("failover-hold-down");

        // Then
        assertThat(table.activeTunnels()).containsExactly(Map.entry("cluster-1/sd-wan-priority-high", "internet"),
                Map.entry("cluster-3/sd-wan-priority-high", "business"));
        assertThat(table.reconsiderAt()).contains(java.time.Instant.parse("2026-01-01T12:00:06Z"));
        assertThat(table.egressHttp(40353, HttpRequestView.of("GET", "/"), 0)).isInstanceOfSatisfying(
                EgressDecision.Route.class, r -> assertThat(r.candidates()).extracting(Upstream::tunnel)
                        .containsExactly("internet", "business"));
    }

    @Test
    void everyTunnelToAClusterDownSendsTheRequestsToAnotherExportingCluster() {
        // Given
        RouteTable table = GoldenFiles.table("failover-other-cluster");

        // When: whatever the random number, although cluster-1 has five times the endpoints
        List<String> firsts = List.of(0.0, 0.5, 0.9).stream().map(r -> ((EgressDecision.Route) table
                .egressHttp(40353, HttpRequestView.of("GET", "/"), r)).candidates().get(0).cluster()).toList();

        // Then
        assertThat(firsts).containsOnly("cluster-3");
    }

    @Test
    void aTunnelThatBreaksTheSlaMovesThePolicyAndNoTunnelMeetingItIsReported() {
        // Given
        RouteTable table = GoldenFiles.table("failover-sla");

        // Then
        assertThat(table.tunnelChoices().get("cluster-1/sd-wan-priority-high")).satisfies(c -> {
            assertThat(c.active().tunnel()).isEqualTo("internet");
            assertThat(c.slaSatisfied()).isTrue();
        });
        assertThat(table.tunnelChoices().get("cluster-1/sd-wan-priority-gold")).satisfies(c -> {
            assertThat(c.kind()).isEqualTo(TunnelChoice.Kind.SLA_UNMET);
            assertThat(c.slaSatisfied()).isFalse();
        });
    }

    private static <T> List<T> shuffle(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        Collections.shuffle(copy, random);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object withoutSources(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> {
                if (!"source".equals(k) && !"objects".equals(k)) {
                    copy.put(k, withoutSources(v));
                }
            });
            return copy;
        }
        if (tree instanceof List<?> list) {
            return list.stream().map(RouteTableGoldenTest::withoutSources).toList();
        }
        return tree;
    }

    @SuppressWarnings("unchecked")
    private static Object renamed(Object tree, String from, String to) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k.equals(from) ? to : k, renamed(v, from, to)));
            return copy;
        }
        if (tree instanceof List<?> list) {
            return list.stream().map(v -> renamed(v, from, to)).toList();
        }
        return tree;
    }
}

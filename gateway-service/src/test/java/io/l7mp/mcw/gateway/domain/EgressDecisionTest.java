package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressDecisionTest {
    private static final RouteTable CLIENT = GoldenFiles.table("service-level");
    private static final ServiceKey PAYMENT = ServiceKey.parse("secure/payment");
    private static final HttpRequestView GET = HttpRequestView.of("GET", "/payment");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "payment.secure.svc.clusterset.local",
            "payment.secure.svc.clusterset.local:8080",
            "PAYMENT.secure.svc.clusterset.local:8080",
    })
    void hostRoutingListenerRoutesClustersetNames(String authority) {
        assertThat(CLIENT.egressHttp(authority, GET, 0)).isEqualTo(CLIENT.egressHttp(40353, GET, 0));
    }

    @Test
    void serviceLevelRouteGoesToTheExporterOnItsPolicyPortAndNamesTheSourceCluster() {
        // When
        EgressDecision decision = CLIENT.egressHttp(40353, GET, 0.5);

        // Then
        assertThat(decision).isEqualTo(new EgressDecision.Route(PAYMENT, 8080,
                List.of(new Upstream("cluster-1", "10.0.1.1", 31111, "sd-wan-priority-high", "business", null)),
                HeaderModifier.setting("x-mcw-source-cluster", "cluster-2"), new RuleSource.ServiceLevel(PAYMENT)));
        assertThat(((EgressDecision.Route) decision).authority()).isEqualTo("payment.secure.svc.clusterset.local:8080");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(quoteCharacter = '"', value = {
            "payment.secure.svc.clusterset.local:9999, payment.secure.svc.clusterset.local has no port 9999 (ports: 8080)",
            "ledger.secure.svc.clusterset.local, ledger.secure.svc.clusterset.local is not imported in cluster cluster-2",
            "payment.secure.svc.cluster.local, 'payment.secure.svc.cluster.local' is not a clusterset service",
            "payment, 'payment' is not a clusterset service",
    })
    void unknownNamesAreRefused(String authority, String reason) {
        assertThat(CLIENT.egressHttp(authority, GET, 0)).isEqualTo(new EgressDecision.UnknownService(reason.startsWith(
                "'") ? reason + ": expected <svc>.<ns>.svc.clusterset.local[:port]" : reason));
    }

    @Test
    void unknownEgressPortIsRefused() {
        assertThat(CLIENT.egressHttp(40999, GET, 0)).isEqualTo(new EgressDecision.UnknownService(
                "cluster cluster-2 has no egress listener on port 40999"));
        assertThat(CLIENT.egressTcp(40999, 0)).isInstanceOf(EgressDecision.UnknownService.class);
    }

    @Test
    void tcpConnectionIsRoutedAtServiceLevelWithoutHeaders() {
        assertThat(CLIENT.egressTcp(40353, 0.2)).isEqualTo(new EgressDecision.Route(PAYMENT, 8080,
                List.of(new Upstream("cluster-1", "10.0.1.1", 31111, "sd-wan-priority-high", "business", null)),
                HeaderModifier.NONE, new RuleSource.ServiceLevel(PAYMENT)));
    }

    @Test
    void tcpIgnoresL7RulesOfTheService() {
        RouteTable table = GoldenFiles.table("l7-virtualservice");
        assertThat(((EgressDecision.Route) table.egressTcp(40353, 0)).destination()).isEqualTo(PAYMENT);
    }

    @ParameterizedTest(name = "random {0} -> {1}")
    @CsvSource({
            "0.0, secure/payment",
            "0.79, secure/payment",
            "0.8, secure/payment-v2",
            "0.99, secure/payment-v2",
    })
    void weightedDestinationIsChosenWithTheGivenRandomNumber(double random, String expected) {
        // Given: 80/20 split with a header set by the rule
        RouteTable table = GoldenFiles.table("l7-refused-references");

        // When
        EgressDecision.Route route = (EgressDecision.Route) table.egressHttp(40353, GET, random);

        // Then
        assertThat(route.destination()).isEqualTo(ServiceKey.parse(expected));
        assertThat(route.requestHeaders()).isEqualTo(new HeaderModifier(
                Map.of("x-canary", "split", "x-mcw-source-cluster", "cluster-2"), Map.of(), List.of()));
        assertThat(route.source().toString()).isEqualTo("VirtualService secure/payment spec.http[0]");
    }

    @Test
    void hostWithRulesThatMatchNothingAnswersNoRule() {
        // Given: only GET is routed
        RouteTable table = RouteTableBuilder.build(new GatewayInputs("cluster-2",
                List.of(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 1, 8080)),
                List.of(Fixtures.imported("secure/payment", 8080, 40353)), List.of(), List.of(),
                List.of(Fixtures.virtualService("secure", "payment", """
                        hosts: [payment]
                        http: [{match: [{method: {exact: GET}}], route: [{destination: {host: payment}}]}]
                        """))));

        // When
        EgressDecision decision = table.egressHttp(40353, HttpRequestView.of("POST", "/payment?x=1"), 0);

        // Then
        assertThat(decision).isEqualTo(new EgressDecision.NoRule("no rule of VirtualService secure/payment matches "
                + "POST /payment?x=1 for payment.secure.svc.clusterset.local:8080, so it is not sent to any cluster"));
        assertThat(((EgressDecision.NoRule) decision).status()).isEqualTo(404);
    }

    @Test
    void hostThatOnlyRulesDefineIsRoutedByName() {
        // Given: 'checkout' is not imported; an HTTPRoute makes it a virtual host over payment
        RouteTable table = RouteTableBuilder.build(new GatewayInputs("cluster-2",
                List.of(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 1, 8080)),
                List.of(Fixtures.imported("secure/payment", 8080, 40353)), List.of(), List.of(),
                List.of(Fixtures.httpRoute("secure", "checkout", """
                        hostnames: [checkout.secure.svc.clusterset.local]
                        rules: [{backendRefs: [{name: payment}]}]
                        """))));

        // When
        EgressDecision decision = table.egressHttp("checkout.secure.svc.clusterset.local:80", GET, 0);

        // Then
        assertThat(decision).isInstanceOfSatisfying(EgressDecision.Route.class, r -> {
            assertThat(r.authority()).isEqualTo("payment.secure.svc.clusterset.local:8080");
            assertThat(r.source().toString()).isEqualTo("HTTPRoute secure/checkout spec.rules[0]");
        });
    }

    @Test
    void portExportedByOneClusterOnlyGoesToThatCluster() {
        // Given: only cluster-4 (no ready endpoint) exports port 9090
        RouteTable table = GoldenFiles.table("two-exporting-clusters");

        // When
        EgressDecision.Route route = (EgressDecision.Route) table.egressHttp(40201, GET, 0);

        // Then
        assertThat(route.candidates()).extracting(Upstream::cluster).containsExactly("cluster-4");
    }

    @Test
    void importWhoseExportsAreGoneIsUnavailable() {
        RouteTable table = RouteTableBuilder.build(new GatewayInputs("cluster-2", List.of(),
                List.of(Fixtures.imported("secure/payment", 8080, 40353)), List.of(), List.of(), List.of()));
        assertThat(table.egressHttp(40353, GET, 0)).isEqualTo(new EgressDecision.Unavailable(
                "no cluster exports secure/payment port 8080 any more (imported in cluster cluster-2)"));
    }

    @Test
    void randomOutsideTheUnitIntervalIsABug() {
        assertThatThrownBy(() -> CLIENT.egressHttp(40353, GET, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random is 1.0, expected a number in [0, 1)");
    }
}

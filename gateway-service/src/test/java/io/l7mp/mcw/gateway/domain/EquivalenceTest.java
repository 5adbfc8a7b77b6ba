package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Story 2 written as a VirtualService and as an HTTPRoute (k8s/examples/l7) routes requests alike. Each API keeps
 * its own prefix semantics, so the two differ on exactly one kind of request: a path that extends {@code /payment}
 * without a {@code /} ({@code GET /paymentx}), which Istio's string prefix matches and Gateway API's segment prefix
 * does not.
 */
class EquivalenceTest {
    private static final RouteTable VIRTUAL_SERVICE = GoldenFiles.table("l7-virtualservice");
    private static final RouteTable HTTP_ROUTE = GoldenFiles.table("l7-httproute");

    @ParameterizedTest(name = "{0} {1} -> {2} over {3}")
    @CsvSource({
            "GET, /payment/x, secure/payment-high-prio, 31111",
            "GET, /payment, secure/payment-high-prio, 31111",
            "GET, /payment/, secure/payment-high-prio, 31111",
            "GET, /payment?id=7, secure/payment-high-prio, 31111",
            "POST, /payment, secure/payment-low-prio, 31112",
            "POST, /payment/x, secure/payment-low-prio, 31112",
            "HEAD, /payment, secure/payment-low-prio, 31112",
            "GET, /stats, secure/payment-low-prio, 31112",
            "GET, /, secure/payment-low-prio, 31112",
            "GET, /pay, secure/payment-low-prio, 31112",
    })
    void bothFormsRouteTheRequestToTheSameTunnel(String method, String target, String service, int tunnelPort) {
        // Given
        HttpRequestView request = HttpRequestView.of(method, target);

        // When
        EgressDecision.Route viaVirtualService = route(VIRTUAL_SERVICE, request);
        EgressDecision.Route viaHttpRoute = route(HTTP_ROUTE, request);

        // Then
        for (EgressDecision.Route route : new EgressDecision.Route[] { viaVirtualService, viaHttpRoute }) {
            assertThat(route.destination()).isEqualTo(ServiceKey.parse(service));
            assertThat(route.candidates()).extracting(Upstream::address)
                    .containsExactly(new Endpoint("10.0.1.1", tunnelPort));
        }
        assertThat(viaHttpRoute.destination()).isEqualTo(viaVirtualService.destination());
        assertThat(viaHttpRoute.candidates()).isEqualTo(viaVirtualService.candidates());
        assertThat(viaHttpRoute.requestHeaders()).isEqualTo(viaVirtualService.requestHeaders());
    }

    @ParameterizedTest(name = "{0} {1}: VirtualService {2}, HTTPRoute {3}")
    @CsvSource({
            "GET, /paymentx, 31111, 31112",
            "GET, /payment-archive/1, 31111, 31112",
    })
    void theyDifferOnlyWherePrefixSemanticsDiffer(String method, String target, int viaIstio, int viaGatewayApi) {
        // Given
        HttpRequestView request = HttpRequestView.of(method, target);

        // When
        EgressDecision.Route viaVirtualService = route(VIRTUAL_SERVICE, request);
        EgressDecision.Route viaHttpRoute = route(HTTP_ROUTE, request);

        // Then: Istio uri.prefix /payment is a string prefix; Gateway API PathPrefix /payment is a segment prefix
        assertThat(viaVirtualService.candidates().get(0).tunnelPort()).isEqualTo(viaIstio);
        assertThat(viaHttpRoute.candidates().get(0).tunnelPort()).isEqualTo(viaGatewayApi);
    }

    private static EgressDecision.Route route(RouteTable table, HttpRequestView request) {
        EgressDecision decision = table.egressHttp(40353, request, 0.3);
        assertThat(decision).as("%s on %s", request.describe(), table.l7Rules())
                .isInstanceOf(EgressDecision.Route.class);
        return (EgressDecision.Route) decision;
    }
}

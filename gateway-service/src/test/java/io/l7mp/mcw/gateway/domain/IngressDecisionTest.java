package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ingress decisions of cluster-1, the exporter of story 1 (golden case service-level-exporter). */
class IngressDecisionTest {
    private static final RouteTable EXPORTER = GoldenFiles.table("service-level-exporter");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "31111, payment.secure.svc.clusterset.local, secure/payment:8080, 10.1.0.5:8080 10.1.0.6:8080",
            "31111, payment.secure.svc.clusterset.local:8080, secure/payment:8080, 10.1.0.5:8080 10.1.0.6:8080",
            "31111, payment.secure.svc.cluster.local:8080, secure/payment:8080, 10.1.0.5:8080 10.1.0.6:8080",
            "31111, Payment.Secure.svc.clusterset.local., secure/payment:8080, 10.1.0.5:8080 10.1.0.6:8080",
            // another tunnel's port: failover moves flows between tunnels, the service stays reachable
            "31112, payment.secure.svc.clusterset.local:8080, secure/payment:8080, 10.1.0.5:8080 10.1.0.6:8080",
    })
    void forwardsExportedServices(int listener, String authority, String target, String backends) {
        // When
        IngressDecision decision = EXPORTER.ingress(listener, authority);

        // Then
        ServiceKey service = ServiceKey.parse(target.substring(0, target.indexOf(':')));
        int port = Integer.parseInt(target.substring(target.indexOf(':') + 1));
        List<Endpoint> expected = List.of(backends.split(" ")).stream().map(Endpoint::parse).toList();
        assertThat(decision).isEqualTo(new IngressDecision.Forward(service, port, expected));
    }

    @ParameterizedTest(name = "{0} {1} -> 404")
    @CsvSource(quoteCharacter = '"', value = {
            "31111, nothing.secure.svc.clusterset.local, cluster cluster-1 has no service secure/nothing",
            "31111, payment.secure.svc.clusterset.local:9999, secure/payment has no port 9999 (ports: 8080)",
            "31111, www.example.com, 'www.example.com' does not name a service",
            "31111, payment.secure.svc.clusterset.local:http, does not name a service",
            "31111, \"\", does not name a service",
            "40000, payment.secure.svc.clusterset.local, cluster cluster-1 has no ingress listener on port 40000",
    })
    void unknownNamesAndPortsAreNotFound(int listener, String authority, String reason) {
        assertThat(EXPORTER.ingress(listener, authority)).isInstanceOfSatisfying(IngressDecision.NotFound.class,
                notFound -> assertThat(notFound.reason()).contains(reason));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "audit.secure.svc.clusterset.local:9090, 9090", "audit.secure.svc.clusterset.local, 80" })
    void anExportedServiceWithoutReadyEndpointsIsAnsweredHereNeverSentToItsClusterIp(String authority, int port) {
        // Given: secure/audit has a cluster IP (10.96.0.11) and no ready endpoint; several ports, no :port means 80

        // When
        IngressDecision decision = EXPORTER.ingress(31112, authority);

        // Then
        assertThat(decision).isEqualTo(new IngressDecision.Unavailable("no ready endpoints: secure/audit port " + port
                + " has none in cluster cluster-1"));
        assertThat(((IngressDecision.Refusal) decision).status()).isEqualTo(503);
    }

    @Test
    void localServiceThatIsNotExportedIsForbidden() {
        assertThat(EXPORTER.ingress(31111, "ledger.secure.svc.clusterset.local:8080"))
                .isEqualTo(new IngressDecision.Forbidden("secure/ledger is not exported by cluster cluster-1: only "
                        + "exported services are reachable through its ingress gateway"));
    }

    @Test
    void importedServiceIsForbiddenInTheImportingCluster() {
        // Given: cluster-2 imports payment from cluster-1
        RouteTable client = GoldenFiles.table("service-level");

        // Then
        assertThat(client.ingress(31111, "payment.secure.svc.clusterset.local:8080"))
                .isInstanceOf(IngressDecision.Forbidden.class);
        assertThat(client.ingress(31111, "cart.shop.svc.cluster.local")).isInstanceOf(IngressDecision.Forbidden.class);
    }

    @Test
    void exportedServiceWithoutBackendsIsUnavailable() {
        // Given: exported, but the local Service is not (yet) known and has no endpoint
        RouteTable table = RouteTableBuilder.build(new GatewayInputs("cluster-1",
                List.of(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 0, 8080)), List.of(),
                List.of(Fixtures.policy("cluster-1", "high", 31111)), List.of(), List.of()));

        // When
        IngressDecision decision = table.ingress(31111, "payment.secure.svc.clusterset.local:8080");

        // Then
        assertThat(decision).isInstanceOfSatisfying(IngressDecision.Unavailable.class,
                u -> assertThat(u.status()).isEqualTo(503));
    }

    @Test
    void authorityWithoutPortIsRefusedWhenTheServiceHasSeveralAndNo80() {
        RouteTable table = RouteTableBuilder.build(new GatewayInputs("cluster-1",
                List.of(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 1, 8080, 9090)), List.of(),
                List.of(Fixtures.policy("cluster-1", "high", 31111)), List.of(), List.of()));
        assertThat(table.ingress(31111, "payment.secure.svc.clusterset.local")).isEqualTo(new IngressDecision.NotFound(
                "secure/payment has several ports (8080, 9090): name one in the authority"));
    }

    @Test
    void emptyTableRefusesEverything() {
        assertThat(RouteTable.empty("cluster-9").ingress(31111, "payment.secure.svc.clusterset.local"))
                .isInstanceOf(IngressDecision.NotFound.class);
    }
}

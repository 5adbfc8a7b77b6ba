package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How {@link RouteTableBuilder} checks parsed L7 objects against the imports and against each other. */
class L7CompilerTest {
    private static final List<ImportedService> IMPORTS = List.of(Fixtures.imported("secure/payment", 8080, 40353),
            new ImportedService("secure", "audit", List.of(new ImportedPort("grpc", "TCP", 9090, 40354),
                    new ImportedPort("http", "TCP", 80, 40355))));

    @Test
    void destinationPortMustBeOneTheImportHas() {
        RouteTable table = build(Fixtures.virtualService("secure", "payment", """
                hosts: [payment]
                http: [{route: [{destination: {host: payment, port: {number: 9999}}}]}]
                """));
        assertThat(table.refused()).extracting(RefusedObject::reason).containsExactly("VirtualService "
                + "secure/payment: spec.http[0] routes to payment.secure.svc.clusterset.local port 9999, which it "
                + "does not have (ports: 8080)");
    }

    @Test
    void destinationWithSeveralPortsMustNameOne() {
        RouteTable table = build(Fixtures.virtualService("secure", "audit", """
                hosts: [audit]
                http: [{route: [{destination: {host: audit}}]}]
                """));
        assertThat(table.refused()).extracting(RefusedObject::reason).containsExactly("VirtualService secure/audit: "
                + "spec.http[0] routes to audit.secure.svc.clusterset.local without a port, and it has 2 (9090, "
                + "80): name the port");
    }

    @Test
    void destinationWithoutPortTakesTheOnlyPort() {
        RouteTable table = build(Fixtures.virtualService("secure", "payment", """
                hosts: [payment]
                http: [{route: [{destination: {host: payment}}]}]
                """));
        assertThat(table.l7Rules().get(ServiceKey.parse("secure/payment")).rules().get(0).destinations().get(0)
                .port()).isEqualTo(8080);
    }

    @Test
    void oneObjectMayRouteSeveralHosts() {
        RouteTable table = build(Fixtures.virtualService("secure", "payment", """
                hosts: [payment, audit]
                http: [{route: [{destination: {host: payment}}]}]
                """));
        assertThat(table.l7Rules()).containsOnlyKeys(ServiceKey.parse("secure/payment"),
                ServiceKey.parse("secure/audit"));
    }

    @Test
    void olderObjectKeepsTheHostWhateverTheInputOrder() {
        // Given: the HTTPRoute is older although listed second
        L7Object newer = Fixtures.virtualService("secure", "payment", """
                hosts: [payment]
                http: [{route: [{destination: {host: payment}}]}]
                """);
        L7Object older = new L7Object(L7Kind.HTTP_ROUTE, "secure", "payment", Instant.parse("2025-01-01T00:00:00Z"),
                Fixtures.spec("""
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{backendRefs: [{name: payment, port: 8080}]}]
                        """));

        // When
        RouteTable table = build(newer, older);

        // Then
        assertThat(table.l7Rules().get(ServiceKey.parse("secure/payment")).objects()).containsExactly(older.ref());
        assertThat(table.refused()).extracting(RefusedObject::object).containsExactly(newer.ref());
    }

    @Test
    void refusedObjectDoesNotClaimItsHost() {
        // Given: the older object is invalid, the newer one valid
        L7Object olderInvalid = new L7Object(L7Kind.HTTP_ROUTE, "secure", "payment",
                Instant.parse("2025-01-01T00:00:00Z"), Fixtures.spec("""
                        hostnames: [payment.secure.svc.clusterset.local]
                        rules: [{timeouts: {request: 1s}, backendRefs: [{name: payment, port: 8080}]}]
                        """));
        L7Object newer = Fixtures.virtualService("secure", "payment", """
                hosts: [payment]
                http: [{route: [{destination: {host: payment}}]}]
                """);

        // When
        RouteTable table = build(olderInvalid, newer);

        // Then
        assertThat(table.l7Rules().get(ServiceKey.parse("secure/payment")).objects()).containsExactly(newer.ref());
    }

    private static RouteTable build(L7Object... objects) {
        return RouteTableBuilder.build(new GatewayInputs("cluster-2",
                List.of(Fixtures.export("cluster-1", "secure/payment", "high", 31111, 1, 8080),
                        Fixtures.export("cluster-1", "secure/audit", "high", 31111, 1, 9090, 80)),
                IMPORTS, List.of(), List.of(), List.of(objects)));
    }
}

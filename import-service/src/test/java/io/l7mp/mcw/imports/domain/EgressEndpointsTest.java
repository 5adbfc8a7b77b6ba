package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressEndpointsTest {
    private static final EgressSource.GatewayPods GATEWAY = new EgressSource.GatewayPods("mcw-system",
            LabelSelector.parse("app.kubernetes.io/name=mcw-gateway-service"));

    @ParameterizedTest(name = "{0}")
    @CsvSource({ "127.0.0.2, IPv4", "10.0.2.1, IPv4", "fd00::1, IPv6", "mcw-gateway.mcw-system.svc, FQDN" })
    void fixedAddressIsOneReadyEndpointOfItsFamily(String address, String addressType) {
        // When
        EgressEndpoints endpoints = EgressEndpoints.resolve(new EgressSource.StaticAddress(address), List.of());

        // Then
        assertThat(endpoints.addressType()).isEqualTo(addressType);
        assertThat(endpoints.endpoints()).containsExactly(new EgressEndpoint(address, true, true, false, null, null));
        assertThat(endpoints.problem()).isNull();
        assertThat(new EgressSource.StaticAddress(address).isDnsName()).isEqualTo("FQDN".equals(addressType));
    }

    @Test
    void podsThatAreNotRunningOrHaveNoAddressAreNotEndpoints() {
        // Given
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "mcw-gateway-service");
        List<EgressPod> pods = List.of(
                new EgressPod("mcw-system", "done", "u1", labels, "Succeeded", List.of("10.244.0.1"), false, false, "n"),
                new EgressPod("mcw-system", "starting", "u2", labels, "Running", List.of(), false, false, "n"));

        // When
        EgressEndpoints endpoints = EgressEndpoints.resolve(GATEWAY, pods);

        // Then
        assertThat(endpoints.endpoints()).isEmpty();
        assertThat(endpoints.addressType()).isEqualTo("IPv4");
        assertThat(endpoints.problem()).isEqualTo("no ready egress gateway pod: 2 pod(s) in namespace mcw-system "
                + "match mcw.import.egress-pod-selector app.kubernetes.io/name=mcw-gateway-service, but none is "
                + "Running with an IPv4 address, Ready and not terminating");
    }

    @Test
    void badNamespaceIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new EgressSource.GatewayPods("MCW_System", GATEWAY.selector()))
                .hasMessageContaining("mcw.import.egress-pod-namespace 'MCW_System' is not a namespace name")
                .hasMessageContaining("expected a DNS-1123 label");
    }
}

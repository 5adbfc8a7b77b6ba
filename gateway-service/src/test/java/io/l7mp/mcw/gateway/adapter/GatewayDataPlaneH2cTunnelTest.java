package io.l7mp.mcw.gateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every data-plane test of {@link GatewayDataPlaneTest} again, with HTTP/1.1 requests carried between the gateways as
 * HTTP/2 streams ({@code mcw.gateway.tunnel-protocol=h2c}): retries, resets, limits, trailers and streaming must not
 * depend on the tunnel's protocol. The one test of its own checks that the tunnel really was h2c, so that the
 * inherited ones do not pass on HTTP/1.1 unnoticed.
 */
@QuarkusTest
@TestProfile(GatewayDataPlaneH2cTunnelTest.H2cTunnel.class)
class GatewayDataPlaneH2cTunnelTest extends GatewayDataPlaneTest {

    public static class H2cTunnel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.gateway.tunnel-protocol", "h2c");
        }
    }

    @Test
    void theTunnelHopIsHttp2() {
        // Given: the set-up sent HTTP/1.1 requests through the egress listeners until they were answered

        // Then: the ingress received them as HTTP/2 streams, over h2c connections the egress opened
        assertThat(config.tunnelProtocol()).isEqualTo(GatewayConfig.TunnelProtocol.H2C);
        assertThat(registry.find("mcw_gateway_requests_by_protocol_total").tags("direction", "ingress", "protocol",
                "h2c").counter().count()).isPositive();
        assertThat(registry.find("mcw_gateway_upstream_connections_opened_total").tag("protocol", "h2c").counter()
                .count()).isPositive();
    }
}

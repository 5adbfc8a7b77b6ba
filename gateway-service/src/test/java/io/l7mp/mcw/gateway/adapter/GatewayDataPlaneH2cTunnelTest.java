package io.l7mp.mcw.gateway.adapter;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every data-plane test again, with HTTP/1.1 requests carried between the gateways as HTTP/2 streams
 * ({@code mcw.gateway.tunnel-protocol=h2c}): retries, resets, limits, trailers and streaming must not depend on the
 * tunnel's protocol.
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
}

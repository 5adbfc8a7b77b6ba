package io.l7mp.mcw.gateway.adapter;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every data-plane test again, with HTTP/1.1 between the gateways ({@code mcw.gateway.tunnel-protocol=http1}): one
 * request per pooled tunnel connection, the other setting an operator may choose for lossy tunnels.
 */
@QuarkusTest
@TestProfile(GatewayDataPlaneHttp1TunnelTest.Http1Tunnel.class)
class GatewayDataPlaneHttp1TunnelTest extends GatewayDataPlaneTest {

    public static class Http1Tunnel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.gateway.tunnel-protocol", "http1");
        }
    }
}

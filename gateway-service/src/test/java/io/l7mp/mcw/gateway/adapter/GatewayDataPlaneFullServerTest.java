package io.l7mp.mcw.gateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every data-plane test of {@link GatewayDataPlaneTest} again with the HTTP/1.1 relay off
 * ({@code mcw.gateway.http1-relay=false}): the full HTTP server and client then serve every request, and must behave
 * as the relay does. The one test of its own checks that no request went through the relay.
 */
@QuarkusTest
@TestProfile(GatewayDataPlaneFullServerTest.RelayOff.class)
class GatewayDataPlaneFullServerTest extends GatewayDataPlaneTest {

    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.gateway.http1-relay", "false");
        }
    }

    @Test
    void noRequestWentThroughTheRelay() {
        // Given: the set-up sent HTTP/1.1 requests through the egress listeners until they were answered

        // Then
        assertThat(config.http1Relay()).isFalse();
        assertThat(registry.find("mcw_gateway_relayed_requests_total").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.find("mcw_gateway_requests_by_protocol_total").tags("direction", "ingress", "protocol",
                "http/1.1").counter().count()).isPositive();
    }
}

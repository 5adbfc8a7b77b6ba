package io.l7mp.mcw.gateway.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every data-plane test of {@link GatewayDataPlaneTest} again with the relay's buffers from Netty's pooled allocator
 * ({@code mcw.gateway.relay-allocator=pooled}, the way back from the adaptive default of ADR 0011): the relay must
 * not depend on which allocator gives it its buffers.
 */
@QuarkusTest
@TestProfile(GatewayDataPlanePooledBuffersTest.PooledBuffers.class)
class GatewayDataPlanePooledBuffersTest extends GatewayDataPlaneTest {

    public static class PooledBuffers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.gateway.relay-allocator", "pooled");
        }
    }

    @Test
    void theRelayServedRequestsWithPooledBuffers() {
        // Given: the set-up sent HTTP/1.1 requests through the egress listeners until they were answered

        // Then
        assertThat(config.relayAllocator()).isEqualTo(GatewayConfig.RelayAllocator.POOLED);
        assertThat(registry.find("mcw_gateway_relayed_requests_total").tag("direction", "egress").counter().count())
                .isPositive();
    }
}

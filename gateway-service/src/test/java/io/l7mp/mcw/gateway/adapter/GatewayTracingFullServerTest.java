package io.l7mp.mcw.gateway.adapter;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Every tracing test of {@link GatewayTracingTest} again with the HTTP/1.1 relay off
 * ({@code mcw.gateway.http1-relay=false}): the full HTTP server and client then carry every request, and must make
 * the same spans and send on the same traceparent as the relay.
 */
@QuarkusTest
@TestProfile(GatewayTracingFullServerTest.RelayOff.class)
class GatewayTracingFullServerTest extends GatewayTracingTest {

    public static class RelayOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.gateway.http1-relay", "false");
        }
    }
}

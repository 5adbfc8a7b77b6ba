package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.eventbus.tracing.EventObservability;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.opentelemetry.api.trace.Span;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Tracing off ({@code quarkus.otel.sdk.disabled=true}): the gateway makes no span and passes the caller's trace
 * context on as it came, across both of its hops. (Quarkus still hands out an SDK then, one that samples and records
 * every span and drops it; the gateway must not use it, nor must the event bus.)
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
@TestProfile(GatewayTracingDisabledTest.TracingOff.class)
class GatewayTracingDisabledTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int EGRESS = RawHttp.freePort();
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static HttpBackend web;

    @InjectApiServer
    ApiServer server;

    public static class TracingOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "true");
        }
    }

    @AfterAll
    static void tearDown() {
        if (web != null) {
            web.close();
        }
    }

    @Test
    void theCallersTraceparentCrossesBothGatewaysUnchanged() {
        // Given: cluster-1 exports trd/web and imports it, so a request crosses its egress and its ingress
        web = HttpBackend.start("web");
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("trd") + service("trd", "web", "http", 8080, web.port())
                    + serviceImport("trd", "web", "http/TCP/8080=" + EGRESS));
        }
        PolicyEvent policy = new PolicyEvent("cluster-1", "trd-high", "trd-wan", TUNNEL_PORT,
                new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
        ExportEvent export = new ExportEvent("cluster-1", "trd", "web", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(policy), "127.0.0.1", 1,
                Instant.parse("2026-01-01T00:00:00Z"));
        try (TopicEvents events = new TopicEvents(KafkaResource.bootstrapServers())) {
            events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, "cluster-1", EventJson.write(policy));
            events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, "cluster-1", EventJson.write(export));
        }

        // When: refused until the listener opens
        RawHttp.Response response = await().atMost(WAIT).ignoreExceptions()
                .until(() -> RawHttp.get(EGRESS, "x", "/untouched", "traceparent: " + TRACEPARENT),
                        answer -> answer.status() == 200);

        // Then: exactly the caller's field, once
        assertThat(response.json().getJsonObject("headers").getString("traceparent")).isEqualTo(TRACEPARENT);
    }

    @Test
    void anEventPublishedMakesNoSpanAndCarriesNoTraceContext() {
        // Given: the service's event bus, with the SDK Quarkus hands out when it is disabled

        // When: an event is published (what EventSender does for every record)
        Span publish = EventObservability.startPublish(Topics.GATEWAY_EVENTS, "cluster-1/trd/web", EventTypes.GATEWAY,
                "an-id");

        // Then: no span is recorded and no ce_traceparent goes on the record
        assertThat(publish.isRecording()).isFalse();
        assertThat(publish.getSpanContext().isValid()).isFalse();
        assertThat(EventObservability.traceContext(publish)).isEmpty();
        publish.end();
    }
}

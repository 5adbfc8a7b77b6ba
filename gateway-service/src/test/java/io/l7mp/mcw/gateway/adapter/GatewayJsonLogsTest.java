package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The JSON log option on the data plane (docs/observability.md, "Logs"): a line logged while a request is handled
 * carries the trace and span ids of that request's span in its {@code mdc}, on the HTTP/1.1 relay and on the full
 * HTTP server, and only that line: the event loop's next lines carry no ids of it. cluster-1 exports and imports
 * {@code jl/web}; cluster-7's only tunnel refuses connections, so the gateway gives up on {@code jl/gone}.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
@TestProfile(GatewayJsonLogsTest.JsonLogs.class)
class GatewayJsonLogsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path LOG = Path.of("target", "json-logs", "gateway-service.log");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCOPE = "io.l7mp.mcw.gateway";
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int WEB_EGRESS = RawHttp.freePort();
    private static final int GONE_EGRESS = RawHttp.freePort();
    /** cluster-7's only tunnel port: nobody listens there. */
    private static final int DEAD_PORT = RawHttp.freePort();
    private static final PolicyEvent OWN = new PolicyEvent("cluster-1", "jl-high", "jl-wan", TUNNEL_PORT,
            new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
    private static final PolicyEvent GONE = new PolicyEvent("cluster-7", "jl-gone", "business", DEAD_PORT,
            Sla.BEST_EFFORT, null, List.of(), null, 1);

    private static HttpBackend web;

    /** The log written as JSON to a file, the data plane's DEBUG lines included. */
    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", LOG.toString());
            config.put("quarkus.log.file.json.enabled", "true");
            config.put("quarkus.log.file.level", "DEBUG");
            config.put("quarkus.log.category.\"io.l7mp.mcw.gateway.adapter.http\".level", "DEBUG");
            return config;
        }
    }

    @InjectApiServer
    ApiServer server;

    @Inject
    InMemorySpanExporter spans;

    @BeforeEach
    void setUp() {
        if (web != null) {
            return;
        }
        // Given: a backend, the Service and imports in cluster-1, the policies and exports on the topics
        web = HttpBackend.start("web");
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("jl") + service("jl", "web", "http", 8080, web.port())
                    + serviceImport("jl", "web", "http/TCP/8080=" + WEB_EGRESS)
                    + serviceImport("jl", "gone", "http/TCP/8080=" + GONE_EGRESS));
        }
        try (TopicEvents events = new TopicEvents(KafkaResource.bootstrapServers())) {
            for (PolicyEvent policy : List.of(OWN, GONE)) {
                events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, policy.cluster(),
                        EventJson.write(policy));
            }
            putExport(events, "cluster-1", "web", OWN);
            putExport(events, "cluster-7", "gone", GONE);
        }
        // refused until the listeners open
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> RawHttp.get(WEB_EGRESS, "x", "/ready").status() == 200);
        await().atMost(WAIT).ignoreExceptions()
                .until(() -> RawHttp.get(GONE_EGRESS, "x", "/ready").status() == 502);
    }

    @AfterAll
    static void tearDown() {
        if (web != null) {
            web.close();
            web = null;
        }
    }

    @Test
    void theRelaysGiveUpLineCarriesTheIdsOfItsRequestsSpan() {
        // Given
        String traceId = newTraceId();

        // When: the relay (HTTP/1.1) gives up on cluster-7's dead tunnel
        RawHttp.Response response = RawHttp.get(GONE_EGRESS, "x", "/gone-relay",
                "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then
        assertThat(response.status()).isEqualTo(502);
        SpanData egress = span(traceId, SpanKind.CLIENT);
        // the last attempt may be on another of cluster-7's tunnels (a failover one other tests published)
        JsonNode line = line(traceId, "gave up upstream=127.0.0.1:");
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(egress.getSpanId());
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("io.l7mp.mcw.gateway.adapter.http.Http1Relay");
        assertOnlyLinesOfTheRequestCarry(traceId, egress);
    }

    @Test
    void theFullServersGiveUpLineCarriesTheIdsOfItsRequestsSpan() throws Exception {
        // Given: HTTP/2 (an h2c upgrade) is handed over by the relay to the full HTTP server
        String traceId = newTraceId();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        // When
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + GONE_EGRESS + "/gone-h2")).header("traceparent", "00-" + traceId + "-" + newSpanId() + "-01")
                .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(502);
        SpanData egress = span(traceId, SpanKind.CLIENT);
        // the last attempt may be on another of cluster-7's tunnels (a failover one other tests published)
        JsonNode line = line(traceId, "gave up upstream=127.0.0.1:");
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(egress.getSpanId());
        assertThat(line.path("loggerName").asText()).isEqualTo("io.l7mp.mcw.gateway.adapter.http.HttpForwarder");
        assertOnlyLinesOfTheRequestCarry(traceId, egress);
    }

    @Test
    void anIngressRefusalLineCarriesTheIdsOfItsRequestsSpan() {
        // Given
        String traceId = newTraceId();

        // When: the ingress listener is asked for a service cluster-1 does not export
        RawHttp.Response response = RawHttp.get(TUNNEL_PORT, "nope.jl.svc.clusterset.local", "/refused",
                "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then
        assertThat(response.status()).isBetween(400, 499);
        SpanData ingress = span(traceId, SpanKind.SERVER);
        JsonNode line = line(traceId, "ingress port=" + TUNNEL_PORT + " refused");
        assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(ingress.getSpanId());
        assertThat(line.path("level").asText()).isEqualTo("DEBUG");
        assertOnlyLinesOfTheRequestCarry(traceId, ingress);
    }

    /** The ids are set for the request's own lines only, and taken away after each. */
    private static void assertOnlyLinesOfTheRequestCarry(String traceId, SpanData span) {
        List<JsonNode> all = lines();
        assertThat(all).filteredOn(l -> traceId.equals(l.path("mdc").path("traceId").asText()))
                .allSatisfy(l -> {
                    assertThat(l.path("mdc").path("spanId").asText()).isEqualTo(span.getSpanId());
                    assertThat(l.path("loggerName").asText()).startsWith("io.l7mp.mcw.gateway.adapter.http.");
                });
        assertThat(all).filteredOn(l -> l.path("mdc").has("traceId"))
                .allSatisfy(l -> assertThat(l.path("mdc").has("spanId")).as(l.toString()).isTrue());
    }

    private SpanData span(String traceId, SpanKind kind) {
        return await().atMost(WAIT).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> SCOPE.equals(s.getInstrumentationScopeInfo().getName()))
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == kind).findFirst().orElse(null),
                s -> s != null);
    }

    /** The line of the trace whose message starts with {@code prefix}, once it is in the file. */
    private static JsonNode line(String traceId, String prefix) {
        return await().atMost(WAIT).until(() -> lines().stream()
                .filter(l -> l.path("message").asText().startsWith(prefix))
                .filter(l -> traceId.equals(l.path("mdc").path("traceId").asText())).findFirst().orElse(null),
                l -> l != null);
    }

    /** Every line of the log as JSON: a line that is not JSON fails the test. */
    private static List<JsonNode> lines() {
        try {
            if (!Files.exists(LOG)) {
                return List.of();
            }
            return Files.readAllLines(LOG).stream().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (IOException e) {
                    throw new AssertionError("not a JSON line: " + l, e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putExport(TopicEvents events, String cluster, String name, PolicyEvent policy) {
        ExportEvent export = new ExportEvent(cluster, "jl", name, "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(policy), "127.0.0.1", 1,
                Instant.parse("2026-01-01T00:00:00Z"));
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, cluster, EventJson.write(export));
    }

    private static String newTraceId() {
        return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(),
                ThreadLocalRandom.current().nextLong() | 1);
    }

    private static String newSpanId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong() | 1);
    }
}

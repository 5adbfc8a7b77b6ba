package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.eventbus.tracing.EventObservability;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The data plane's spans for real (issue 13, docs/observability.md "Traces in the gateway"): cluster-1 exports and
 * imports {@code tr/web} and {@code tr/echo}, so a request crosses its egress and its own ingress listener, each hop
 * making its span, to a real backend that shows the traceparent it got. cluster-5 stands in for a peer whose business
 * tunnel refuses connections and whose internet tunnel is an HTTP backend; cluster-6's only tunnel refuses them. The
 * paths' health comes as tunnel health records on the real broker. Spans are read from an in-memory exporter
 * ({@link RecordedSpans}) beside the production one.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayTracingTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SCOPE = "io.l7mp.mcw.gateway";
    private static final String SELF = "cluster-1";
    private static final String PEER = "cluster-5";
    private static final String GONE = "cluster-6";
    /** cluster-1's ingress port of its policy tr-high, tunnel tr-wan. */
    private static final int TRACE_PORT = RawHttp.freePort();
    private static final int WEB_EGRESS = RawHttp.freePort();
    private static final int ECHO_EGRESS = RawHttp.freePort();
    private static final int PAY_EGRESS = RawHttp.freePort();
    private static final int GONE_EGRESS = RawHttp.freePort();
    /** cluster-5's business tunnel port: nobody listens there. */
    private static final int DEAD_PORT = RawHttp.freePort();
    /** cluster-6's only tunnel port: nobody listens there either. */
    private static final int GONE_PORT = RawHttp.freePort();
    private static final int INTERNET_PORT = RawHttp.freePort();
    private static final double OWN_RTT_MS = 12.5;
    private static final double INTERNET_RTT_MS = 30.0;
    private static final PolicyEvent OWN = new PolicyEvent(SELF, "tr-high", "tr-wan", TRACE_PORT,
            new Sla(100.0, 50.0, 1.0), 46, List.of(), null, 1);
    private static final PolicyEvent PEER_HIGH = new PolicyEvent(PEER, "tr-fo-high", "business", DEAD_PORT,
            new Sla(100.0, 50.0, 1.0), 46, List.of("tr-fo-low"), 0, 1);
    private static final PolicyEvent PEER_LOW = new PolicyEvent(PEER, "tr-fo-low", "internet", INTERNET_PORT,
            Sla.BEST_EFFORT, null, List.of(), null, 1);
    private static final PolicyEvent GONE_POLICY = new PolicyEvent(GONE, "tr-gone", "business", GONE_PORT,
            Sla.BEST_EFFORT, null, List.of(), null, 1);

    private static HttpBackend web;
    private static HttpBackend internet;
    private static TcpEchoBackend echo;
    private static TopicEvents events;
    private static ManagedChannel adminChannel;

    @InjectApiServer
    ApiServer server;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    ListenerManager listeners;

    @TestHTTPResource("/")
    URL http;

    @BeforeEach
    void setUp() {
        if (events == null) {
            // Given: backends, Services and imports in cluster-1, policies, exports and the paths' health on the topics
            web = HttpBackend.start("web");
            internet = HttpBackend.start("internet", "127.0.0.1", INTERNET_PORT);
            echo = TcpEchoBackend.start();
            try (KubernetesClient client = server.client()) {
                YamlApplier.apply(client, namespaces("tr"));
                YamlApplier.apply(client, service("tr", "web", "http", 8080, web.port())
                        + service("tr", "echo", "tcp", 7000, echo.port())
                        + serviceImport("tr", "web", "http/TCP/8080=" + WEB_EGRESS)
                        + serviceImport("tr", "echo", "tcp/TCP/7000=" + ECHO_EGRESS)
                        + serviceImport("tr", "pay", "http/TCP/8080=" + PAY_EGRESS)
                        + serviceImport("tr", "gone", "http/TCP/8080=" + GONE_EGRESS));
            }
            events = new TopicEvents(KafkaResource.bootstrapServers());
            for (PolicyEvent policy : List.of(OWN, PEER_HIGH, PEER_LOW, GONE_POLICY)) {
                events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, policy.cluster(),
                        EventJson.write(policy));
            }
            putExport(SELF, "web", OWN, new ExportPort("http", "TCP", null, 8080));
            putExport(SELF, "echo", OWN, new ExportPort("tcp", "TCP", null, 7000));
            putExport(PEER, "pay", PEER_HIGH, new ExportPort("http", "TCP", null, 8080));
            putExport(GONE, "gone", GONE_POLICY, new ExportPort("http", "TCP", null, 8080));
            health(SELF, OWN, TunnelState.UP, OWN_RTT_MS);
            // refused until the listener opens
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(WEB_EGRESS, "x",
                    "/ready").status()).isEqualTo(200));
            await().atMost(WAIT).until(() -> listeners.open().stream()
                    .anyMatch(l -> l.port() == ECHO_EGRESS && !l.servers().isEmpty()));
        }
        // every test starts from both of cluster-5's tunnels healthy by the probes, and traffic on business
        health(PEER, PEER_HIGH, TunnelState.UP, 8.0);
        health(PEER, PEER_LOW, TunnelState.UP, INTERNET_RTT_MS);
        await().atMost(WAIT).untilAsserted(() -> assertThat(payTunnelKind()).isEqualTo("PREFERRED"));
    }

    @AfterAll
    static void tearDown() {
        events.close();
        // a subclass runs the same tests against a gateway with other settings: it sets everything up again
        events = null;
        if (adminChannel != null) {
            adminChannel.shutdownNow();
            adminChannel = null;
        }
        web.close();
        internet.close();
        echo.close();
    }

    @Test
    void aRequestWithATraceparentMakesOneSpanPerGatewayHopInTheCallersTrace() {
        // Given
        String traceId = newTraceId();
        String callerSpanId = newSpanId();

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "anything", "/hello?x=1",
                "traceparent: 00-" + traceId + "-" + callerSpanId + "-01");

        // Then: one span per gateway, the egress one a child of the caller's, the ingress one of the egress one
        assertThat(response.status()).isEqualTo(200);
        List<SpanData> trace = awaitSpans(traceId, 2);
        SpanData egress = only(trace, SpanKind.CLIENT);
        SpanData ingress = only(trace, SpanKind.SERVER);
        assertThat(egress.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(ingress.getParentSpanId()).isEqualTo(egress.getSpanId());
        // and the backend got exactly one traceparent, the ingress span's, in the caller's trace
        assertThat(traceparentSeenBy(response)).isEqualTo("00-" + traceId + "-" + ingress.getSpanId() + "-01");
        // and both spans say what crossed where
        assertThat(egress.getName()).isEqualTo("GET");
        assertThat(egress.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertAttributes(egress, "mcw.direction", "egress", "http.request.method", "GET", "url.path", "/hello",
                "url.full", "http://web.tr.svc.clusterset.local:8080/hello?x=1",
                "server.address", "web.tr.svc.clusterset.local", "network.protocol.version", "1.1",
                "network.peer.address", "127.0.0.1", "mcw.source_cluster", SELF, "mcw.destination_cluster", SELF,
                "mcw.service", "tr/web", "mcw.policy", "tr-high", "mcw.tunnel", "tr-wan",
                "mcw.tunnel_choice", "preferred");
        assertThat(egress.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(8080L);
        assertThat(egress.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(egress.getAttributes().get(AttributeKey.longKey("mcw.tunnel_port"))).isEqualTo((long) TRACE_PORT);
        assertThat(egress.getAttributes().get(AttributeKey.doubleKey("mcw.tunnel_rtt_ms"))).isEqualTo(OWN_RTT_MS);
        assertThat(egress.getAttributes().get(AttributeKey.stringKey("mcw.failover_reason"))).isNull();
        assertThat(egress.getEvents()).isEmpty();
        assertAttributes(ingress, "mcw.direction", "ingress", "http.request.method", "GET", "url.scheme", "http",
                "url.path", "/hello", "url.query", "x=1", "server.address", "web.tr.svc.clusterset.local",
                "network.protocol.version", "1.1", "network.peer.address", "127.0.0.1", "mcw.source_cluster", SELF,
                "mcw.destination_cluster", SELF, "mcw.service", "tr/web", "mcw.policy", "tr-high",
                "mcw.tunnel", "tr-wan");
        assertThat(ingress.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(ingress.getAttributes().get(AttributeKey.longKey("mcw.tunnel_port"))).isEqualTo((long) TRACE_PORT);
        assertThat(ingress.getAttributes().get(AttributeKey.doubleKey("mcw.tunnel_rtt_ms"))).isEqualTo(OWN_RTT_MS);
    }

    @Test
    void aRequestWithoutTraceparentStartsATraceThatTheBackendContinues() {
        // Given
        String path = "/untraced-" + UUID.randomUUID();

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "x", path);

        // Then: the egress span is a root, the ingress span its child, the backend's parent the ingress span
        assertThat(response.status()).isEqualTo(200);
        SpanData egress = await().atMost(WAIT).until(() -> withPath(path, SpanKind.CLIENT), found -> found.size() == 1)
                .get(0);
        List<SpanData> trace = awaitSpans(egress.getTraceId(), 2);
        SpanData ingress = only(trace, SpanKind.SERVER);
        assertThat(egress.getParentSpanContext().isValid()).isFalse();
        assertThat(ingress.getParentSpanId()).isEqualTo(egress.getSpanId());
        assertThat(traceparentSeenBy(response))
                .isEqualTo("00-" + egress.getTraceId() + "-" + ingress.getSpanId() + "-01");
    }

    @Test
    void aMalformedTraceparentIsReplacedByThatOfANewTrace() {
        // Given
        String path = "/malformed-" + UUID.randomUUID();

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "x", path, "traceparent: 00-not-a-trace-01");

        // Then
        assertThat(response.status()).isEqualTo(200);
        SpanData egress = await().atMost(WAIT).until(() -> withPath(path, SpanKind.CLIENT), found -> found.size() == 1)
                .get(0);
        assertThat(egress.getParentSpanContext().isValid()).isFalse();
        SpanData ingress = only(awaitSpans(egress.getTraceId(), 2), SpanKind.SERVER);
        assertThat(traceparentSeenBy(response))
                .isEqualTo("00-" + egress.getTraceId() + "-" + ingress.getSpanId() + "-01");
    }

    @Test
    void anUnsampledCallersTraceparentPassesUnchangedAndNoSpanIsMade() {
        // Given: the caller did not sample its trace; the sampler follows its parent
        String unsampled = "00-" + newTraceId() + "-" + newSpanId() + "-00";

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "x", "/unsampled", "traceparent: " + unsampled);
        // a sampled request after it: once its spans are out, any span of the first would be out too
        String marker = newTraceId();
        RawHttp.get(WEB_EGRESS, "x", "/marker", "traceparent: 00-" + marker + "-" + newSpanId() + "-01");
        awaitSpans(marker, 2);

        // Then
        assertThat(response.status()).isEqualTo(200);
        assertThat(traceparentSeenBy(response)).isEqualTo(unsampled);
        assertThat(gatewaySpans()).noneMatch(s -> unsampled.contains(s.getTraceId()));
    }

    @Test
    void anHttp2RequestServedByTheFullHttpServerGetsTheSameSpans() throws Exception {
        // Given: HTTP/2 (an h2c upgrade) is handed over by the relay to the full HTTP server on both gateways
        String traceId = newTraceId();
        String callerSpanId = newSpanId();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        // When
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + WEB_EGRESS + "/over-h2")).header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .build(), HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        List<SpanData> trace = awaitSpans(traceId, 2);
        SpanData egress = only(trace, SpanKind.CLIENT);
        SpanData ingress = only(trace, SpanKind.SERVER);
        assertThat(egress.getParentSpanId()).isEqualTo(callerSpanId);
        assertThat(ingress.getParentSpanId()).isEqualTo(egress.getSpanId());
        assertAttributes(egress, "network.protocol.version", "2", "mcw.service", "tr/web", "mcw.tunnel", "tr-wan");
        assertAttributes(ingress, "network.protocol.version", "2", "mcw.service", "tr/web", "url.path", "/over-h2");
        String seen = new io.vertx.core.json.JsonObject(response.body()).getJsonObject("headers")
                .getString("traceparent");
        assertThat(seen).isEqualTo("00-" + traceId + "-" + ingress.getSpanId() + "-01");
    }

    @Test
    void aTcpConnectionGetsOneSpanPerGatewayThatLastsAsLongAsTheConnection() throws Exception {
        // Given
        Instant opened = Instant.now();
        long closedAtNanos;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ECHO_EGRESS)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            // When
            out.write("ping across\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(new String(in.readNBytes("ping across\n".length()), StandardCharsets.UTF_8))
                    .isEqualTo("ping across\n");
            closedAtNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        }

        // Then: one CONNECT span per gateway, in one trace the egress gateway started, both ended with the connection
        SpanData egress = await().atMost(WAIT)
                .until(() -> gatewaySpans().stream().filter(s -> s.getKind() == SpanKind.CLIENT
                        && "tr/echo".equals(attribute(s, "mcw.service"))
                        && s.getStartEpochNanos() >= TimeUnit.MILLISECONDS.toNanos(opened.toEpochMilli()))
                        .toList(), found -> found.size() == 1)
                .get(0);
        List<SpanData> trace = awaitSpans(egress.getTraceId(), 2);
        SpanData ingress = only(trace, SpanKind.SERVER);
        assertThat(egress.getParentSpanContext().isValid()).isFalse();
        assertThat(ingress.getParentSpanId()).isEqualTo(egress.getSpanId());
        for (SpanData span : trace) {
            assertThat(span.getName()).isEqualTo("CONNECT");
            assertAttributes(span, "http.request.method", "CONNECT", "mcw.service", "tr/echo", "mcw.tunnel",
                    "tr-wan", "server.address", "echo.tr.svc.clusterset.local");
            assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
            assertThat(span.getEndEpochNanos()).as("the span of %s ends with the connection", span.getKind())
                    .isGreaterThanOrEqualTo(closedAtNanos - TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void aRequestRetriedOnAnotherTunnelHasARetryEventAndSaysWhyItFailedOver() {
        // Given: cluster-5's business tunnel is chosen (the probes say it is up) but refuses connections
        String traceId = newTraceId();

        // When
        RawHttp.Response response = RawHttp.get(PAY_EGRESS, "x", "/retried",
                "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then: the request went on over internet, and its one span tells the story
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("backend")).isEqualTo("internet");
        SpanData egress = only(awaitSpans(traceId, 1), SpanKind.CLIENT);
        assertAttributes(egress, "mcw.destination_cluster", PEER, "mcw.policy", "tr-fo-high", "mcw.tunnel",
                "internet", "mcw.failover_reason",
                "retried on cluster-5/internet after connect_failed on cluster-5/business");
        assertThat(egress.getAttributes().get(AttributeKey.longKey("mcw.tunnel_port"))).isEqualTo((long) INTERNET_PORT);
        assertThat(egress.getAttributes().get(AttributeKey.doubleKey("mcw.tunnel_rtt_ms"))).isEqualTo(INTERNET_RTT_MS);
        assertThat(egress.getAttributes().get(AttributeKey.longKey("http.request.resend_count"))).isEqualTo(1L);
        assertThat(egress.getEvents()).hasSize(1);
        EventData retry = egress.getEvents().get(0);
        assertThat(retry.getName()).isEqualTo("mcw.retry");
        assertThat(retry.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("connect_failed");
        assertThat(retry.getAttributes().get(AttributeKey.stringKey("mcw.tunnel"))).isEqualTo("business");
        assertThat(retry.getAttributes().get(AttributeKey.stringKey("mcw.next_path"))).isEqualTo("cluster-5/internet");
        assertThat(traceparentSeenBy(response)).isEqualTo("00-" + traceId + "-" + egress.getSpanId() + "-01");
    }

    @Test
    void aFailedOverRequestCarriesTheReasonOfTheTunnelChoice() {
        // Given: the probes report cluster-5's business tunnel down, so fo-high's traffic takes internet
        health(PEER, PEER_HIGH, TunnelState.DOWN, 8.0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(payTunnelKind()).isEqualTo("FAILOVER"));
        String traceId = newTraceId();

        // When
        RawHttp.Response response = RawHttp.get(PAY_EGRESS, "x", "/failed-over",
                "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then
        assertThat(response.status()).isEqualTo(200);
        SpanData egress = only(awaitSpans(traceId, 1), SpanKind.CLIENT);
        assertAttributes(egress, "mcw.tunnel", "internet", "mcw.tunnel_choice", "failover", "mcw.failover_reason",
                "business DOWN: 5 probes in a row lost");
        assertThat(egress.getAttributes().get(AttributeKey.doubleKey("mcw.tunnel_rtt_ms"))).isEqualTo(INTERNET_RTT_MS);
        assertThat(egress.getEvents()).isEmpty();
    }

    @Test
    void aGatewayThatGivesUpAnswers502AndItsSpanIsAnErrorThatSaysWhy() {
        // Given: cluster-6's only tunnel refuses connections
        String traceId = newTraceId();

        // When
        RawHttp.Response response = RawHttp.get(GONE_EGRESS, "x", "/gone",
                "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then
        assertThat(response.status()).isEqualTo(502);
        SpanData egress = only(awaitSpans(traceId, 1), SpanKind.CLIENT);
        assertThat(egress.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(egress.getStatus().getDescription()).startsWith("upstream 127.0.0.1:" + GONE_PORT + " failed")
                .isEqualTo(response.body().trim());
        assertAttributes(egress, "error.type", "502", "mcw.destination_cluster", GONE, "mcw.tunnel", "business");
        assertThat(egress.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(502L);
    }

    @Test
    void aRefusalIsNoErrorButItsSpanSaysWhy() {
        // Given
        String traceId = newTraceId();

        // When: the Host-routing listener is asked for a service cluster-1 does not import
        RawHttp.Response response = RawHttp.get(listeners.hostRoutingPort(), "nope.tr.svc.clusterset.local",
                "/refused", "traceparent: 00-" + traceId + "-" + newSpanId() + "-01");

        // Then
        assertThat(response.status()).isEqualTo(404);
        SpanData egress = only(awaitSpans(traceId, 1), SpanKind.CLIENT);
        assertThat(egress.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(attribute(egress, "mcw.gateway_answer")).isEqualTo(response.body().trim())
                .contains("not imported");
        assertAttributes(egress, "server.address", "nope.tr.svc.clusterset.local", "url.path", "/refused");
        assertThat(egress.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
    }

    @Test
    void anEventPublishedWithTracingOnMakesASpanWhoseContextGoesOnTheEvent() {
        // Given: the service's event bus (GatewayTracingDisabledTest: none of it with the SDK disabled)

        // When
        Span publish = EventObservability.startPublish(Topics.GATEWAY_EVENTS, "cluster-1/tr/web", EventTypes.GATEWAY,
                "an-id");

        // Then
        assertThat(publish.isRecording()).isTrue();
        assertThat(EventObservability.traceContext(publish)).containsEntry("traceparent",
                "00-" + publish.getSpanContext().getTraceId() + "-" + publish.getSpanContext().getSpanId() + "-01");
        publish.end();
    }

    // --- spans

    private List<SpanData> gatewaySpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> SCOPE.equals(s.getInstrumentationScopeInfo().getName())).toList();
    }

    /** Waits until {@code count} of the gateway's spans of the trace are out, then gives them all. */
    private List<SpanData> awaitSpans(String traceId, int count) {
        await().atMost(WAIT).until(() -> inTrace(traceId).size() >= count);
        List<SpanData> trace = inTrace(traceId);
        assertThat(trace).as("the gateway's spans of trace %s", traceId).hasSize(count);
        return trace;
    }

    private List<SpanData> inTrace(String traceId) {
        return gatewaySpans().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private List<SpanData> withPath(String path, SpanKind kind) {
        return gatewaySpans().stream().filter(s -> s.getKind() == kind && path.equals(attribute(s, "url.path")))
                .toList();
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> ofKind = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(ofKind).as("%s spans among %s", kind, spans).hasSize(1);
        return ofKind.get(0);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    /** Asserts string attributes, given as name, value, name, value, ... */
    private static void assertAttributes(SpanData span, String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            assertThat(attribute(span, namesAndValues[i])).as("%s of the %s span", namesAndValues[i], span.getKind())
                    .isEqualTo(namesAndValues[i + 1]);
        }
    }

    /** The traceparent the backend saw; the backend joins repeated fields with commas, so one value is one field. */
    private static String traceparentSeenBy(RawHttp.Response response) {
        return response.json().getJsonObject("headers").getString("traceparent");
    }

    private static String newTraceId() {
        return String.format("%016x%016x", ThreadLocalRandom.current().nextLong(),
                ThreadLocalRandom.current().nextLong() | 1);
    }

    private static String newSpanId() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong() | 1);
    }

    // --- cluster state

    private static void health(String destination, PolicyEvent policy, TunnelState state, double rttMs) {
        boolean up = state.carriesTraffic();
        List<SlaVerdict> verdicts = up ? List.of(new SlaVerdict(policy.name(), true, List.of()))
                : List.of(new SlaVerdict(policy.name(), false, List.of("tunnel DOWN")));
        TunnelHealthEvent event = new TunnelHealthEvent(SELF, destination, policy.tunnel(), "127.0.0.1",
                policy.port(), state,
                up ? "meets the SLA of every policy that uses it" : "5 probes in a row lost",
                new TunnelFigures(rttMs, rttMs, 0.1, 0, 500), verdicts, up ? Instant.EPOCH : Instant.now(),
                Instant.now());
        events.put(Topics.TUNNEL_HEALTH, event.key(), EventTypes.TUNNEL_HEALTH, SELF, EventJson.write(event));
    }

    private static void putExport(String cluster, String name, PolicyEvent policy, ExportPort port) {
        ExportEvent export = new ExportEvent(cluster, "tr", name, "ClusterSetIP", "None", List.of(port),
                ExportedPolicy.of(policy), "127.0.0.1", 1, Instant.parse("2026-01-01T00:00:00Z"));
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, cluster, EventJson.write(export));
    }

    /** The kind of cluster-5's tunnel choice for tr/pay, as the admin API tells it. */
    private String payTunnelKind() {
        if (adminChannel == null) {
            adminChannel = ManagedChannelBuilder.forAddress(http.getHost(), http.getPort()).usePlaintext().build();
        }
        return GatewayAdminGrpc.newBlockingStub(adminChannel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listActiveTunnels(ListActiveTunnelsRequest.getDefaultInstance()).getTunnelsList().stream()
                .filter(t -> t.getService().equals("tr/pay") && t.getCluster().equals(PEER)).findFirst()
                .orElseThrow(() -> new AssertionError("tr/pay has no active tunnel to " + PEER)).getKind();
    }
}

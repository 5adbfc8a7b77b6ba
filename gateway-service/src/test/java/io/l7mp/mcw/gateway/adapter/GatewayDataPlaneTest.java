package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.example;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.grpc.gateway.v1.ActiveTunnel;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListListenersRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.ListRefusedRequest;
import io.l7mp.mcw.api.grpc.gateway.v1.Listener;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.KeepAliveClosingBackend;
import io.l7mp.mcw.testkit.backend.ResettingBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The data plane for real: cluster-1 exports services and imports them too, so its egress listeners send through
 * its own ingress listeners (one per policy port) to backends on loopback. Services, EndpointSlices, ServiceImports
 * and L7 objects live in a test API server; policies and exports are records on a real broker.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayDataPlaneTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLUSTER = "cluster-1";
    private static final int HIGH_PORT = RawHttp.freePort();
    private static final int LOW_PORT = RawHttp.freePort();
    private static final int WEB_EGRESS = RawHttp.freePort();
    private static final int GRPC_EGRESS = RawHttp.freePort();
    private static final int ECHO_EGRESS = RawHttp.freePort();
    private static final int RETRY_EGRESS = RawHttp.freePort();
    private static final int FLAKY_EGRESS = RawHttp.freePort();
    private static final int STALE_EGRESS = RawHttp.freePort();
    /** cluster-2's tunnel port for dp/retry: nobody listens there. */
    private static final int DEAD_PORT = RawHttp.freePort();
    private static final PolicyEvent HIGH = new PolicyEvent(CLUSTER, "sd-wan-priority-high", "business", HIGH_PORT,
            new Sla(100.0, 50.0, 1.0), 46, List.of(), null, 1);
    private static final PolicyEvent LOW = new PolicyEvent(CLUSTER, "sd-wan-priority-low", "internet", LOW_PORT,
            Sla.BEST_EFFORT, null, List.of(), null, 1);
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    /** A valid HTTPRoute next to the refused VirtualService: every request to shop goes to the low-priority name. */
    private static final String SHOP_ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: shop, namespace: secure}
            spec:
              hostnames: [shop.secure.svc.clusterset.local]
              rules:
              - backendRefs:
                - {group: multicluster.x-k8s.io, kind: ServiceImport, name: payment-low-prio, port: 8080}
            """;

    private static HttpBackend web;
    private static HttpBackend high;
    private static HttpBackend low;
    private static GrpcEchoBackend grpc;
    /** cluster-3's "ingress" for dp/flaky: reads each request head, then resets the connection. */
    private static ResettingBackend resetter;
    private static TcpEchoBackend echo;
    /** dp/stale's backend: closes each keep-alive connection when its second request arrives, unanswered. */
    private static KeepAliveClosingBackend closing;
    private static TopicEvents events;
    private static ManagedChannel adminChannel;

    @InjectApiServer
    ApiServer server;

    @Inject
    ListenerManager listeners;

    @Inject
    MeterRegistry registry;

    @Inject
    GatewayConfig config;

    @TestHTTPResource("/")
    URL http;

    @BeforeEach
    void setUpOnce() throws Exception {
        if (events != null) {
            return;
        }
        // Given: backends, their Services and imports, the L7 objects, policies and exports
        web = HttpBackend.start("web");
        high = HttpBackend.start("high");
        low = HttpBackend.start("low");
        grpc = GrpcEchoBackend.start("grpc");
        echo = TcpEchoBackend.start();
        resetter = ResettingBackend.start();
        closing = KeepAliveClosingBackend.start();
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("dp", "secure", "seed"));
            YamlApplier.apply(client, service("dp", "web", "http", 8080, web.port())
                    + service("dp", "grpc", "grpc", 9090, grpc.port())
                    + service("dp", "echo", "tcp", 7000, echo.port())
                    + service("dp", "private", "http", 8080, web.port())
                    + service("dp", "retry", "http", 8080, web.port())
                    + service("dp", "flaky", "http", 8080, web.port())
                    + service("dp", "stale", "http", 8080, closing.port())
                    + service("secure", "payment-high-prio", "http", 8080, high.port())
                    + service("secure", "payment-low-prio", "http", 8080, low.port())
                    + serviceImport("dp", "web", "http/TCP/8080=" + WEB_EGRESS)
                    + serviceImport("dp", "grpc", "grpc/TCP/9090=" + GRPC_EGRESS)
                    + serviceImport("dp", "echo", "tcp/TCP/7000=" + ECHO_EGRESS)
                    + serviceImport("dp", "retry", "http/TCP/8080=" + RETRY_EGRESS)
                    + serviceImport("dp", "flaky", "http/TCP/8080=" + FLAKY_EGRESS)
                    + serviceImport("dp", "stale", "http/TCP/8080=" + STALE_EGRESS)
                    + serviceImport("secure", "payment-high-prio", "http/TCP/8080=" + RawHttp.freePort())
                    + serviceImport("secure", "payment-low-prio", "http/TCP/8080=" + RawHttp.freePort()));
            YamlApplier.apply(client, example("virtualservice.yaml"));
            YamlApplier.apply(client, SHOP_ROUTE);
        }
        events = new TopicEvents(KafkaResource.bootstrapServers());
        putPolicy(HIGH);
        putPolicy(LOW);
        putExport("dp", "web", HIGH, new ExportPort("http", "TCP", null, 8080));
        putExport("dp", "grpc", HIGH, new ExportPort("grpc", "TCP", null, 9090));
        putExport("dp", "echo", HIGH, new ExportPort("tcp", "TCP", null, 7000));
        putExport(export("dp", "retry", HIGH, 0, new ExportPort("http", "TCP", null, 8080)));
        PolicyEvent deadTunnel = new PolicyEvent("cluster-2", HIGH.name(), HIGH.tunnel(), DEAD_PORT, HIGH.sla(), null,
                List.of(), null, 1);
        putExport(new ExportEvent("cluster-2", "dp", "retry", "ClusterSetIP", "None", List.of(new ExportPort("http",
                "TCP", null, 8080)), ExportedPolicy.of(deadTunnel), "127.0.0.1", 1,
                Instant.parse("2025-01-01T00:00:00Z")));
        // dp/flaky: cluster-3 (one ready endpoint, so always tried first) resets every request; cluster-1 serves it
        putExport(export("dp", "flaky", HIGH, 0, new ExportPort("http", "TCP", null, 8080)));
        PolicyEvent resettingTunnel = new PolicyEvent("cluster-3", HIGH.name(), HIGH.tunnel(), resetter.port(),
                HIGH.sla(), null, List.of(), null, 1);
        putExport(new ExportEvent("cluster-3", "dp", "flaky", "ClusterSetIP", "None", List.of(new ExportPort("http",
                "TCP", null, 8080)), ExportedPolicy.of(resettingTunnel), "127.0.0.1", 1,
                Instant.parse("2025-01-01T00:00:00Z")));
        putExport("dp", "stale", HIGH, new ExportPort("http", "TCP", null, 8080));
        putExport("secure", "payment-high-prio", HIGH, new ExportPort("http", "TCP", null, 8080));
        putExport("secure", "payment-low-prio", LOW, new ExportPort("http", "TCP", null, 8080));
        // a listener not yet open refuses the connection: retried, as a wrong answer is
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(WEB_EGRESS, "x", "/ready")
                .status()).isEqualTo(200));
        await().atMost(WAIT).until(() -> listeners.hostRoutingPort() > 0);
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
        List.of(web, high, low).forEach(HttpBackend::close);
        grpc.close();
        resetter.close();
        closing.close();
        echo.close();
    }

    @Test
    void httpThroughTheEgressPortReachesTheBackendViaThePolicysIngressPort() {
        // Given
        double before = ingressRequests(HIGH_PORT, "dp/web");

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "anything", "/hello?x=1", "traceparent: " + TRACEPARENT);

        // Then
        assertThat(response.status()).isEqualTo(200);
        var seen = response.json();
        assertThat(seen.getString("backend")).isEqualTo("web");
        assertThat(seen.getString("path")).isEqualTo("/hello");
        assertThat(seen.getString("query")).isEqualTo("x=1");
        assertThat(seen.getJsonObject("headers").getString("x-mcw-source-cluster")).isEqualTo(CLUSTER);
        // one traceparent, in the caller's trace, naming the ingress gateway's span as its parent (GatewayTracingTest)
        assertThat(seen.getJsonObject("headers").getString("traceparent"))
                .matches("00-" + TRACEPARENT.substring(3, 35) + "-[0-9a-f]{16}-01").isNotEqualTo(TRACEPARENT);
        assertThat(seen.getJsonObject("headers").getString("host")).isEqualTo("web.dp.svc.clusterset.local:8080");
        await().atMost(WAIT).untilAsserted(() -> assertThat(ingressRequests(HIGH_PORT, "dp/web"))
                .isGreaterThan(before));
    }

    @Test
    void anHttp11RequestCrossesTheTunnelInTheTunnelProtocolAndReachesTheBackendAsHttp11() {
        // Given: HTTP/1.1 between the gateways by default (h2c in GatewayDataPlaneH2cTunnelTest)
        String tunnel = config.tunnelProtocol() == GatewayConfig.TunnelProtocol.H2C ? "h2c" : "http/1.1";
        double egressHttp11Before = requestsByProtocol("egress", "http/1.1");
        double ingressBefore = requestsByProtocol("ingress", tunnel);

        // When: an HTTP/1.1 client, which also tries to pass the gateways' own protocol marker
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "anything", "/over-the-tunnel",
                "x-mcw-client-protocol: h2");
        RawHttp.Response again = RawHttp.get(WEB_EGRESS, "anything", "/over-the-tunnel-again");

        // Then: the egress got HTTP/1.1, the ingress the tunnel's protocol
        assertThat(requestsByProtocol("egress", "http/1.1")).isEqualTo(egressHttp11Before + 2);
        assertThat(requestsByProtocol("ingress", tunnel)).isEqualTo(ingressBefore + 2);
        assertThat(registry.find("mcw_gateway_upstream_connections_opened_total").tag("protocol", tunnel).counter())
                .isNotNull();
        // and the backend was spoken to in the client's HTTP/1.1, without the marker
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("version")).isEqualTo("HTTP_1_1");
        assertThat(response.json().getJsonObject("headers").containsKey("x-mcw-client-protocol")).isFalse();
        assertThat(again.json().getString("version")).isEqualTo("HTTP_1_1");
    }

    @Test
    void hostRoutingListenerRoutesByHostAndAnswers404ForAnUnknownHost() {
        // When
        RawHttp.Response known = RawHttp.get(listeners.hostRoutingPort(), "web.dp.svc.clusterset.local", "/by-host");
        RawHttp.Response unknown = RawHttp.get(listeners.hostRoutingPort(), "nothing.dp.svc.clusterset.local", "/");

        // Then
        assertThat(known.status()).isEqualTo(200);
        assertThat(known.json().getString("backend")).isEqualTo("web");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("nothing");
    }

    @Test
    void h2cUpgradeIsServedAndStaysHttp2AllTheWay() throws Exception {
        // Given: the JDK client asks for HTTP/2 over cleartext with an Upgrade: h2c request
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();

        // When
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + WEB_EGRESS + "/h2c")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(new io.vertx.core.json.JsonObject(response.body()).getString("version")).isEqualTo("HTTP_2");
    }

    @Test
    void aSourceClusterTheClustersetDoesNotHaveIsCountedAsUnknown() {
        // When: a client that reaches the ingress port names a cluster of its own making, on each of two requests
        RawHttp.get(HIGH_PORT, "private.dp.svc.clusterset.local:8080", "/", "x-mcw-source-cluster: forged-1");
        RawHttp.get(HIGH_PORT, "private.dp.svc.clusterset.local:8080", "/", "x-mcw-source-cluster: forged-2");

        // Then: one bounded label value, not a series per name sent
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.find("mcw_gateway_requests_total")
                .tags("direction", "ingress", "source_cluster", "unknown").counters()).isNotEmpty());
        assertThat(registry.find("mcw_gateway_requests_total").tags("source_cluster", "forged-1").counters())
                .isEmpty();
        assertThat(registry.find("mcw_gateway_requests_total").tags("source_cluster", "forged-2").counters())
                .isEmpty();
    }

    @Test
    void ingressRefusesAKnownServiceThatIsNotExported() {
        // When
        RawHttp.Response response = RawHttp.get(HIGH_PORT, "private.dp.svc.clusterset.local:8080", "/");

        // Then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("dp/private", "not exported");
    }

    @Test
    void grpcCallGoesAcrossWithItsTrailers() throws Exception {
        // Given
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_EGRESS).usePlaintext().build();
        try {
            // When
            String answer = GrpcEchoBackend.echo(channel, "hello over the WAN");

            // Then: a unary call only succeeds when grpc-status arrived as a trailer
            assertThat(answer).contains("hello over the WAN");
            assertThat(grpc.calls()).isPositive();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void bidirectionalGrpcStreamGoesAcrossMessageByMessage() throws Exception {
        // Given
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_EGRESS).usePlaintext().build();
        try {
            // When: each message is sent only after the answer to the previous one came back
            List<String> answers = GrpcEchoBackend.chat(channel, List.of("one", "two", "three"), Duration.ofSeconds(10));

            // Then: a gateway that held the request stream until it ended would never deliver the first answer
            assertThat(answers).containsExactly("grpc:one", "grpc:two", "grpc:three");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void manyConcurrentGrpcCallsOverFewConnectionsAllSucceed() throws Exception {
        // Given: 4 connections, 32 calls in flight at a time (streams multiplexed on each hop)
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            channels.add(ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_EGRESS).usePlaintext().build());
        }
        ExecutorService callers = Executors.newFixedThreadPool(32);
        try {
            // When: 640 calls
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 640; i++) {
                String message = "call-" + i;
                ManagedChannel channel = channels.get(i % channels.size());
                answers.add(callers.submit(() -> GrpcEchoBackend.echo(channel, message)));
            }

            // Then: every call got its own answer
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).endsWith("call-" + i);
            }
        } finally {
            callers.shutdownNow();
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aGrpcCallForAServiceThatIsNotExportedIsRefusedAtTheIngress() throws Exception {
        // Given: a channel straight to the tunnel port, naming a known service that is not exported
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", HIGH_PORT).usePlaintext()
                .overrideAuthority("private.dp.svc.clusterset.local:8080").build();
        try {
            // When
            Throwable failure = catchThrowable(() -> GrpcEchoBackend.echo(channel, "refused"));

            // Then: the gateway's 403 reaches the client as gRPC maps it
            assertThat(failure).isInstanceOf(StatusRuntimeException.class);
            assertThat(((StatusRuntimeException) failure).getStatus().getCode()).as(failure.getMessage())
                    .isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(failure.getMessage()).contains("403");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGrpcStreamLongerThanTheBodyLimitIsNotCutOff() throws Exception {
        // Given: three messages of 600 KiB, 1.8 MB in all, past the test profile's 1 MiB max-body-size
        String large = "x".repeat(600 * 1024);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_EGRESS).usePlaintext().build();
        try {
            // When
            List<String> answers = GrpcEchoBackend.chat(channel, List.of(large + "1", large + "2", large + "3"),
                    Duration.ofSeconds(30));

            // Then: a gRPC stream is a conversation, not an upload; every message came back
            assertThat(answers).hasSize(3);
            assertThat(answers.get(2)).endsWith(large + "3");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSmallResponseThatArrivesInPiecesIsRelayedWholeAndInOrder() {
        // Given: 10,000 bytes with their Content-Length (under the one-write limit), sent in 4 writes 20 ms apart
        int size = 10_000;

        // When: both hops collect the pieces before their one write
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "anything", "/pieces/" + size);

        // Then
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-length")).isEqualTo(Integer.toString(size));
        assertThat(response.bodyBytes()).isEqualTo(HttpBackend.pattern(size));
    }

    @Test
    void aChunkedResponseIsRelayedWholeAndInOrderWithItsFraming() {
        // Given: 50,000 bytes without a declared length, written in 4 pieces 20 ms apart
        int size = 50_000;

        // When
        RawHttp.Response response = RawHttp.get(WEB_EGRESS, "anything", "/chunked/" + size);

        // Then: still chunked at the client, and the chunks put together are the backend's bytes
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("transfer-encoding")).isEqualToIgnoringCase("chunked");
        assertThat(response.header("content-length")).isNull();
        assertThat(RawHttp.dechunk(response.bodyBytes())).isEqualTo(HttpBackend.pattern(size));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderAndAHeadAnswerHasNoBody() {
        // Given: three requests in one write, the HEAD one between two GETs
        String request = "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                + "HEAD /bytes/100 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

        // When
        String answers = new String(RawHttp.rawBytes(WEB_EGRESS, request), StandardCharsets.ISO_8859_1);

        // Then: three answers in order, the HEAD one without a body
        String[] parts = answers.split("HTTP/1.1 200 ", -1);
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEmpty();
        assertThat(parts[1]).contains("\"path\":\"/first\"");
        assertThat(parts[2]).endsWith("\r\n\r\n").doesNotContain("\"path\"");
        assertThat(parts[3]).contains("\"path\":\"/third\"");
    }

    @Test
    void plainHttp11IsServedByTheRelayAndAnythingElseByTheFullHttpServer() {
        // Given
        boolean egressRelay = config.http1Relay() && config.tunnelProtocol() == GatewayConfig.TunnelProtocol.HTTP1;
        double egressRelayed = relayed("egress");
        double ingressRelayed = relayed("ingress");
        double egressHandedOver = handedOver("egress", "body");

        // When: a plain GET, and a POST with a chunked body (which the relay leaves to the full server)
        RawHttp.Response get = RawHttp.get(WEB_EGRESS, "x", "/relayed");
        RawHttp.Response post = RawHttp.raw(WEB_EGRESS, RawHttp.chunked("POST", "/handed-over", 1000, 100));

        // Then: both answered by the backend, whichever path served them
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().getString("path")).isEqualTo("/relayed");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.json().getInteger("bodyLength")).isEqualTo(1000);
        if (egressRelay) {
            // the GET went through both relays; the POST's connection was handed over at the egress
            assertThat(relayed("egress")).isEqualTo(egressRelayed + 1);
            assertThat(relayed("ingress")).isGreaterThanOrEqualTo(ingressRelayed + 1);
            assertThat(handedOver("egress", "body")).isEqualTo(egressHandedOver + 1);
        } else {
            // the egress used the full server; the ingress got HTTP/2 streams (h2c) or had no relay either
            assertThat(relayed("egress")).isEqualTo(egressRelayed);
            assertThat(relayed("ingress")).isEqualTo(ingressRelayed);
        }
        if (!config.http1Relay()) {
            // registered at 0 at start-up (so increase() sees the first one), and never counted without the relay
            assertThat(registry.find("mcw_gateway_relay_handovers_total").counters())
                    .allSatisfy(c -> assertThat(c.count()).isZero());
        }
    }

    @Test
    void grpcIsServedByTheHttp2RelayOfBothGatewaysWithoutAHandover() throws Exception {
        // Given
        boolean egressRelay = config.http1Relay() && config.tunnelProtocol() == GatewayConfig.TunnelProtocol.HTTP1;
        double egressRelayed = relayed("egress");
        double ingressRelayed = relayed("ingress");
        double egressHandedOver = handedOver("egress", "http2_or_upgrade");
        double ingressHandedOver = handedOver("ingress", "http2_or_upgrade");
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", GRPC_EGRESS).usePlaintext().build();
        try {
            // When: two calls on one HTTP/2 connection
            String first = GrpcEchoBackend.echo(channel, "first");
            String second = GrpcEchoBackend.echo(channel, "second");

            // Then
            assertThat(first).contains("first");
            assertThat(second).contains("second");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (config.http1Relay()) {
            // the ingress relay read the peer's streams itself: no hop through its full HTTP server on loopback
            assertThat(relayed("ingress")).isEqualTo(ingressRelayed + 2);
            assertThat(handedOver("ingress", "http2_or_upgrade")).isEqualTo(ingressHandedOver);
        }
        if (egressRelay) {
            assertThat(relayed("egress")).isEqualTo(egressRelayed + 2);
            assertThat(handedOver("egress", "http2_or_upgrade")).isEqualTo(egressHandedOver);
        }
    }

    @Test
    void aChunkedBodyLargerThanTheReplayBufferStreamsThroughWhole() {
        // Given: 300 KiB, past the 64 KiB replay buffer, without a declared length
        int size = 300 * 1024;

        // When
        RawHttp.Response response = RawHttp.raw(WEB_EGRESS, RawHttp.chunked("POST", "/upload", size, 16 * 1024));

        // Then: both gateway hops streamed it, and the backend read every byte
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getInteger("bodyLength")).isEqualTo(size);
        assertThat(response.json().getString("method")).isEqualTo("POST");
    }

    @Test
    void aChunkedBodyPastTheLimitIsCutOffWith413() {
        // When: 1.5 MiB without a declared length, past the test profile's 1 MiB max-body-size
        RawHttp.Response response = RawHttp.raw(WEB_EGRESS,
                RawHttp.chunked("POST", "/too-large", 1536 * 1024, 64 * 1024));

        // Then: answered, and read to the end first, so the client got the answer rather than a reset
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("mcw.gateway.max-body-size=1048576");
    }

    @Test
    void aResetBeforeAnyResponseByteIsRetriedOnlyWhenTheRequestCanBeReplayed() {
        // Given: dp/flaky's preferred cluster resets every request after reading its head; each reset takes the path
        // down for the test profile's 300 ms, so every request below waits until cluster-3 is tried first again
        await().atMost(WAIT).untilAsserted(() -> assertThat(RawHttp.get(FLAKY_EGRESS, "x", "/ready").status())
                .isEqualTo(200));
        long resetsBefore = resetter.resets();

        // When / Then: a GET is retried on cluster-1
        awaitPathUp("dp/flaky", "cluster-3");
        RawHttp.Response get = RawHttp.get(FLAKY_EGRESS, "x", "/again");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().getString("path")).isEqualTo("/again");

        // a PUT (idempotent) with a small body is retried with the body it kept
        awaitPathUp("dp/flaky", "cluster-3");
        RawHttp.Response put = RawHttp.raw(FLAKY_EGRESS, "PUT /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().getInteger("bodyLength")).isEqualTo(5);

        // a POST is not idempotent: not retried
        awaitPathUp("dp/flaky", "cluster-3");
        RawHttp.Response post = RawHttp.raw(FLAKY_EGRESS, "POST /once HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Connection: close\r\n\r\nhello");
        assertThat(post.status()).isEqualTo(502);

        // a PUT whose body outgrew the replay buffer went to cluster-3 and cannot be sent again
        awaitPathUp("dp/flaky", "cluster-3");
        RawHttp.Response big = RawHttp.raw(FLAKY_EGRESS, RawHttp.chunked("PUT", "/big", 200 * 1024, 16 * 1024));
        assertThat(big.status()).isEqualTo(502);
        assertThat(big.body()).contains("cannot be replayed");

        // and every one of them did reach cluster-3 first
        assertThat(resetter.resets()).isGreaterThanOrEqualTo(resetsBefore + 4);
    }

    @Test
    void aPooledConnectionTheServerClosesAsARequestGoesOutIsRetriedOnANewOneForIdempotentRequestsOnly() {
        // Given: dp/stale's only backend answers one request per connection, then closes it (FIN) when the next
        // request arrives: every reuse of a pooled connection to it loses the keep-alive race
        long closedBefore = closing.closedUnanswered();

        // When: GETs one after the other on one client connection, so that each goes over the same event loop and
        // pooled connections as the one before (on a connection each, which loop serves them would be chance)
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add("GET /get-" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        List<RawHttp.Response> gets = RawHttp.onOneConnection(STALE_EGRESS, requests);

        // Then: the race happened, and every GET was answered anyway: sent again on a new connection
        assertThat(closing.closedUnanswered()).isGreaterThan(closedBefore);
        assertThat(gets).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).startsWith("answered ");
        });

        // When: POSTs, which may have reached the server, are never sent twice
        List<RawHttp.Response> posts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            posts.add(RawHttp.raw(STALE_EGRESS, "POST /post-" + i + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                    + "Connection: close\r\n\r\nhello"));
        }

        // Then: a POST that met a closing connection is answered 502 and says why
        assertThat(posts).extracting(RawHttp.Response::status).containsOnly(200, 502).contains(502);
        assertThat(posts).filteredOn(r -> r.status() == 502)
                .allSatisfy(r -> assertThat(r.body()).contains("POST is not idempotent"));
    }

    @Test
    void theTunnelConnectionsCarryThePolicysDscpOnTheWire() throws Exception {
        // Given: iproute2's ss reads the TOS byte the kernel puts on a socket's packets
        Assumptions.assumeTrue(Sockets.ssAvailable(), "needs ss (iproute2) to read the sockets' TOS byte");

        // When: a request over the high-priority tunnel (DSCP 46) and one over the low-priority one (no DSCP)
        assertThat(RawHttp.get(WEB_EGRESS, "x", "/marked").status()).isEqualTo(200);
        assertThat(RawHttp.get(listeners.hostRoutingPort(), "shop.secure.svc.clusterset.local", "/unmarked").status())
                .isEqualTo(200);

        // Then: the pooled connections to the ingress port are marked EF (46 << 2 = 0xb8), the others are not
        assertThat(Sockets.tosOfConnectionsTo(HIGH_PORT)).isNotEmpty().containsOnly("0xb8");
        assertThat(Sockets.tosOfConnectionsTo(LOW_PORT)).isNotEmpty().containsOnly("0");
    }

    @Test
    void tcpGoesAcrossThroughConnect() throws Exception {
        // Given
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ECHO_EGRESS)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();

            // When
            out.write("ping across\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            byte[] answer = in.readNBytes("ping across\n".length());

            // Then
            assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("ping across\n");
            assertThat(echo.connections()).isPositive();
        }
    }

    @Test
    void virtualServiceSendsGetPaymentOverTheHighPriorityPortAndTheRestOverTheLowOne() {
        // Given
        int port = listeners.hostRoutingPort();
        String host = "payment.secure.svc.clusterset.local";
        double highBefore = ingressRequests(HIGH_PORT, "secure/payment-high-prio");
        double lowBefore = ingressRequests(LOW_PORT, "secure/payment-low-prio");

        // When
        RawHttp.Response get = RawHttp.get(port, host, "/payment/42");
        RawHttp.Response post = RawHttp.send(port, "POST", host, "/payment/42");

        // Then
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().getString("backend")).isEqualTo("high");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.json().getString("backend")).isEqualTo("low");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(ingressRequests(HIGH_PORT, "secure/payment-high-prio")).isGreaterThan(highBefore);
            assertThat(ingressRequests(LOW_PORT, "secure/payment-low-prio")).isGreaterThan(lowBefore);
        });
    }

    @Test
    void seedLiteralVirtualServiceIsRefusedWithAReasonAndAnEventWhileValidRoutesKeepWorking() throws Exception {
        // Given
        try (KubernetesClient client = server.client()) {
            // When
            YamlApplier.apply(client, example("virtualservice-seed-literal.yaml").replace("namespace: secure",
                    "namespace: seed"));

            // Then: refused, said by the admin API and a Kubernetes Event
            await().atMost(WAIT).untilAsserted(() -> assertThat(admin().listRefused(ListRefusedRequest
                    .getDefaultInstance()).getObjectsList()).anySatisfy(r -> {
                        assertThat(r.getNamespace()).isEqualTo("seed");
                        assertThat(r.getName()).isEqualTo("payment");
                        assertThat(r.getReason()).contains("spec.http[0].route[1]");
                    }));
            await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("seed").list()
                    .getItems()).anySatisfy(e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("Refused");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("payment");
                        assertThat(e.getMessage()).contains("spec.http[0].route[1]");
                    }));
        }
        RawHttp.Response httpRoute = RawHttp.get(listeners.hostRoutingPort(), "shop.secure.svc.clusterset.local",
                "/cart");
        assertThat(httpRoute.status()).isEqualTo(200);
        assertThat(httpRoute.json().getString("backend")).isEqualTo("low");
        RawHttp.Response virtualService = RawHttp.get(listeners.hostRoutingPort(),
                "payment.secure.svc.clusterset.local", "/payment");
        assertThat(virtualService.json().getString("backend")).isEqualTo("high");
    }

    @Test
    void adminListsTheListeners() {
        // When
        List<Listener> all = admin().listListeners(ListListenersRequest.getDefaultInstance()).getListenersList();

        // Then
        assertThat(all).anySatisfy(l -> {
            assertThat(l.getDirection()).isEqualTo(Listener.Direction.INGRESS);
            assertThat(l.getPort()).isEqualTo(HIGH_PORT);
            assertThat(l.getPolicy()).isEqualTo("sd-wan-priority-high");
            assertThat(l.getProtocol()).isEqualTo("http+connect");
        });
        assertThat(all).anySatisfy(l -> assertThat(l.getPort()).isEqualTo(LOW_PORT));
        assertThat(all).anySatisfy(l -> {
            assertThat(l.getDirection()).isEqualTo(Listener.Direction.EGRESS);
            assertThat(l.getPort()).isEqualTo(ECHO_EGRESS);
            assertThat(l.getProtocol()).isEqualTo("tcp");
            assertThat(l.getService()).isEqualTo("dp/echo");
        });
        assertThat(all).anySatisfy(l -> assertThat(l.getPort()).isEqualTo(listeners.hostRoutingPort()));
    }

    @Test
    void aDeadTunnelIsRetriedOnTheNextExportingClusterAndTakenDownAtOnce() {
        // Given: cluster-2 has ready endpoints and comes first, but nothing listens on its tunnel port
        awaitPathUp("dp/retry", "cluster-2");

        // When
        RawHttp.Response response = RawHttp.get(RETRY_EGRESS, "x", "/retried");

        // Then: the connect failure moved the request to cluster-1's tunnel
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("path")).isEqualTo("/retried");
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.find("mcw_gateway_requests_total").tags(
                "direction", "egress", "service", "dp/retry", "destination_cluster", CLUSTER, "code", "200").counter())
                .isNotNull());
        // and the gateway took the path down on what its data plane saw, without waiting for a probe (none runs here)
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel("dp/retry", "cluster-2")).satisfies(t -> {
            assertThat(t.getKind()).isEqualTo("ALL_DOWN");
            assertThat(t.getState()).isEqualTo("DOWN");
            assertThat(t.getReason()).contains("every tunnel to cluster-2 is down");
        }));
        // and tries it again once the hold (300 ms in the test profile) is over
        awaitPathUp("dp/retry", "cluster-2");
    }

    /** The admin API's row of {@code service}'s exporting cluster {@code cluster}. */
    private ActiveTunnel tunnel(String service, String cluster) {
        return admin().listActiveTunnels(ListActiveTunnelsRequest.getDefaultInstance()).getTunnelsList().stream()
                .filter(t -> t.getService().equals(service) && t.getCluster().equals(cluster)).findFirst()
                .orElseThrow(() -> new AssertionError("no active tunnel of " + service + " to " + cluster));
    }

    /** Waits until the path of {@code service} to {@code cluster} is not down (again). */
    private void awaitPathUp(String service, String cluster) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel(service, cluster).getKind()).isEqualTo("PREFERRED"));
    }

    @Test
    void aDeclaredBodyPastTheLimitIsAnswered413() {
        // When
        RawHttp.Response response = RawHttp.raw(WEB_EGRESS, "POST /upload HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 20000000\r\nConnection: close\r\n\r\n");

        // Then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("mcw.gateway.max-body-size");
    }

    @Test
    void contentLengthWithTransferEncodingIsAnswered400() {
        // When: a request-smuggling shape
        RawHttp.Response response = RawHttp.raw(WEB_EGRESS, "POST /smuggle HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");

        // Then
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void readinessTellsTheRouteTableAndTheOpenListeners() throws Exception {
        // When: every listener of the table is open (the set-up waited for traffic to pass)
        java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(http.toURI().resolve("/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(ready.statusCode()).isEqualTo(200);
        var check = new io.vertx.core.json.JsonObject(ready.body()).getJsonArray("checks").stream()
                .map(c -> (io.vertx.core.json.JsonObject) c)
                .filter(c -> "mcw-gateway-data-plane".equals(c.getString("name"))).findFirst().orElseThrow();
        assertThat(check.getString("status")).isEqualTo("UP");
        assertThat(check.getJsonObject("data").getLong("routeTableVersion")).isPositive();
        assertThat(check.getJsonObject("data").getLong("listenersOpen")).isEqualTo(listeners.open().size());
        assertThat(check.getJsonObject("data").getLong("listenersOpen")).isGreaterThanOrEqualTo(9);
    }

    @Test
    void metricsTellTheTableVersionAndOpenConnections() {
        // Then
        assertThat(registry.find("mcw_gateway_route_table_version").gauge().value()).isPositive();
        assertThat(registry.find("mcw_gateway_open_connections").tags("direction", "ingress").gauge()).isNotNull();
        assertThat(registry.find("mcw_gateway_request_duration_seconds").tags("direction", "ingress").timers())
                .isNotEmpty();
    }

    @Test
    void anEgressListenerOpensAndClosesWithItsImportWithoutDisturbingTheOthers() {
        // Given
        int port = RawHttp.freePort();
        try (KubernetesClient client = server.client()) {
            // When: web is imported a second time, under another name
            YamlApplier.apply(client, service("dp", "temp", "http", 8080, web.port())
                    + serviceImport("dp", "temp", "http/TCP/8080=" + port));

            // Then
            await().atMost(WAIT).until(() -> accepts(port));

            // When: the import goes away
            client.resources(io.l7mp.mcw.api.crd.ServiceImport.class).inNamespace("dp").withName("temp").delete();

            // Then: its port closes, the other listeners keep serving
            await().atMost(WAIT).until(() -> !accepts(port));
            assertThat(RawHttp.get(WEB_EGRESS, "x", "/still").status()).isEqualTo(200);
        }
    }

    @Test
    void aHugeHeaderIsAnswered431() {
        // When
        RawHttp.Response response = RawHttp.get(listeners.hostRoutingPort(), "web.dp.svc.clusterset.local", "/",
                "x-huge: " + "a".repeat(20_000));

        // Then
        assertThat(response.status()).isEqualTo(431);
    }

    /** The admin API over the service's HTTP port (gRPC shares the main server). */
    private GatewayAdminGrpc.GatewayAdminBlockingStub admin() {
        if (adminChannel == null) {
            adminChannel = ManagedChannelBuilder.forAddress(http.getHost(), http.getPort()).usePlaintext().build();
        }
        return GatewayAdminGrpc.newBlockingStub(adminChannel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Requests counted at an ingress listener; counted as the response ends, so read them with await. */
    private double requestsByProtocol(String direction, String protocol) {
        Counter counter = registry.find("mcw_gateway_requests_by_protocol_total").tags("direction", direction,
                "protocol", protocol).counter();
        return counter == null ? 0 : counter.count();
    }

    private double relayed(String direction) {
        return registry.find("mcw_gateway_relayed_requests_total").tag("direction", direction).counter().count();
    }

    private double handedOver(String direction, String reason) {
        Counter counter = registry.find("mcw_gateway_relay_handovers_total").tags("direction", direction, "reason",
                reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double ingressRequests(int port, String service) {
        return registry.find("mcw_gateway_requests_total").tags("direction", "ingress", "tunnel_port",
                String.valueOf(port), "service", service).counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void putPolicy(PolicyEvent policy) {
        events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, CLUSTER, EventJson.write(policy));
    }

    private static void putExport(String namespace, String name, PolicyEvent policy, ExportPort port) {
        putExport(export(namespace, name, policy, 1, port));
    }

    private static ExportEvent export(String namespace, String name, PolicyEvent policy, int ready, ExportPort port) {
        return new ExportEvent(CLUSTER, namespace, name, "ClusterSetIP", "None", List.of(port),
                ExportedPolicy.of(policy), "127.0.0.1", ready, Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static void putExport(ExportEvent export) {
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, export.cluster(), EventJson.write(export));
    }
}

package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceAt;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.probe.TunnelProbe;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.SocketWatch;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * What the gateway may reach and how much it carries at once: it dials only addresses inside
 * {@code mcw.network.allowed-cidrs} (loopback in the tests) whatever an EndpointSlice or an export says, answers a
 * Service without endpoints itself instead of trying its cluster IP, answers tunnel probes on its ingress ports, and
 * carries a hundred TCP connections and a hundred slow requests through one gateway pair at the same time.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayReachTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SELF = "cluster-1";
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int SLOW_EGRESS = RawHttp.freePort();
    private static final int ECHO_EGRESS = RawHttp.freePort();
    private static final int FAR_EGRESS = RawHttp.freePort();
    private static final int CONCURRENT = 100;
    private static final PolicyEvent POLICY = new PolicyEvent(SELF, "reach-high", "business", TUNNEL_PORT,
            new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
    /** A cluster whose export claims an ingress address off this machine. */
    private static final PolicyEvent FAR_POLICY = new PolicyEvent("cluster-9", "reach-far", "business", 31111,
            Sla.BEST_EFFORT, null, List.of(), null, 1);

    private static HttpBackend slow;
    private static TcpEchoBackend echo;
    private static TopicEvents events;
    private static SocketWatch watch;

    @InjectApiServer
    ApiServer server;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void setUpOnce() {
        if (events != null) {
            return;
        }
        watch = SocketWatch.self();
        slow = HttpBackend.start("slow");
        echo = TcpEchoBackend.start();
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("reach"));
            YamlApplier.apply(client, service("reach", "slow", "http", 8080, slow.port())
                    + service("reach", "echo", "tcp", 7000, echo.port())
                    // no EndpointSlice: the stand-in gives the Service a cluster IP nothing on this machine owns
                    + serviceAt("reach", "empty", "http", 8080, null, 0)
                    // an EndpointSlice that points off the machine
                    + serviceAt("reach", "outside", "http", 8080, "10.96.3.3", 8080)
                    + serviceImport("reach", "slow", "http/TCP/8080=" + SLOW_EGRESS)
                    + serviceImport("reach", "echo", "tcp/TCP/7000=" + ECHO_EGRESS)
                    + serviceImport("reach", "far", "http/TCP/8080=" + FAR_EGRESS));
        }
        events = new TopicEvents(KafkaResource.bootstrapServers());
        put(Topics.POLICIES, POLICY.key(), EventTypes.POLICY, SELF, EventJson.write(POLICY));
        put(Topics.POLICIES, FAR_POLICY.key(), EventTypes.POLICY, "cluster-9", EventJson.write(FAR_POLICY));
        for (String name : List.of("slow", "empty", "outside")) {
            putExport(new ExportEvent(SELF, "reach", name, "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(POLICY), "127.0.0.1", 1,
                    Instant.parse("2026-01-01T00:00:00Z")));
        }
        putExport(new ExportEvent(SELF, "reach", "echo", "ClusterSetIP", "None",
                List.of(new ExportPort("tcp", "TCP", null, 7000)), ExportedPolicy.of(POLICY), "127.0.0.1", 1,
                Instant.parse("2026-01-01T00:00:00Z")));
        putExport(new ExportEvent("cluster-9", "reach", "far", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(FAR_POLICY), "10.96.0.50", 1,
                Instant.parse("2026-01-01T00:00:00Z")));
        await().atMost(WAIT).ignoreExceptions()
                .untilAsserted(() -> assertThat(RawHttp.get(SLOW_EGRESS, "x", "/ready").status()).isEqualTo(200));
    }

    @AfterAll
    static void tearDown() {
        events.close();
        events = null;
        slow.close();
        echo.close();
        watch.close();
    }

    @Test
    void aServiceWithoutEndpointsIsAnswered503ByTheIngressAndItsClusterIpIsNeverDialled() {
        // When
        RawHttp.Response response = RawHttp.get(TUNNEL_PORT, "empty.reach.svc.clusterset.local:8080", "/");

        // Then
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains("reach/empty", "no ready endpoints");
        assertThat(watch.offenders()).isEmpty();
    }

    @Test
    void anEndpointOffTheMachineIsRefused502WithTheAddressAndNoSocketIsOpenedToIt() {
        // Given
        double refusedBefore = refusals();

        // When
        RawHttp.Response response = RawHttp.get(TUNNEL_PORT, "outside.reach.svc.clusterset.local:8080", "/");

        // Then
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("10.96.3.3", "mcw.network.allowed-cidrs");
        assertThat(refusals()).isGreaterThan(refusedBefore);
        assertThat(watch.polls()).isPositive();
        assertThat(watch.offenders()).isEmpty();
    }

    @Test
    void aPeerGatewayAddressOffTheMachineIsRefused502AtTheEgressAndNeverDialled() {
        // Given
        double refusedBefore = refusals();

        // When
        RawHttp.Response response = RawHttp.get(FAR_EGRESS, "far.reach.svc.clusterset.local:8080", "/");

        // Then
        assertThat(response.status()).isEqualTo(502);
        assertThat(response.body()).contains("10.96.0.50");
        assertThat(refusals()).isGreaterThan(refusedBefore);
        assertThat(watch.offenders()).isEmpty();
    }

    @Test
    void theIngressPortAnswersATunnelProbeWithItsSequenceAndTimesAndIgnoresAnythingElse() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(500);
            InetSocketAddress gateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), TUNNEL_PORT);
            // Given: garbage first, then a probe
            socket.send(new DatagramPacket(new byte[] { 1, 2, 3 }, 3, gateway));
            byte[] probe = TunnelProbe.probe(42, 123_456_789L).encode();

            // When: sent until the responder is up (it opens with the route table)
            TunnelProbe echoed = await().atMost(WAIT).until(() -> {
                socket.send(new DatagramPacket(probe, probe.length, gateway));
                DatagramPacket answer = new DatagramPacket(new byte[64], 64);
                try {
                    socket.receive(answer);
                } catch (SocketTimeoutException e) {
                    return null;
                }
                return TunnelProbe.decode(answer.getData(), 0, answer.getLength()).orElseThrow();
            }, e -> e != null);

            // Then
            assertThat(echoed.type()).isEqualTo(TunnelProbe.Type.ECHO);
            assertThat(echoed.sequence()).isEqualTo(42);
            assertThat(echoed.senderTimeNanos()).isEqualTo(123_456_789L);
            assertThat(echoed.responderReceiveMicros()).isPositive();
            assertThat(echoed.responderSendMicros()).isGreaterThanOrEqualTo(echoed.responderReceiveMicros());
            assertThat(registry.find("mcw_gateway_probe_ignored_total").counter().count()).isPositive();
        }
    }

    @Test
    void aHundredTcpConnectionsAllMakeProgressAtTheSameTime() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            // Given: a hundred connections open through the egress, each having crossed once
            for (int i = 0; i < CONCURRENT; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), ECHO_EGRESS);
                socket.setSoTimeout(15_000);
                sockets.add(socket);
            }

            // When: every one of them sends while all stay open
            for (int i = 0; i < CONCURRENT; i++) {
                OutputStream out = sockets.get(i).getOutputStream();
                out.write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }

            // Then: every one gets its echo
            for (int i = 0; i < CONCURRENT; i++) {
                InputStream in = sockets.get(i).getInputStream();
                String expected = "hello " + i + "\n";
                assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.UTF_8)).isEqualTo(expected);
            }
            assertThat(echo.connections()).isGreaterThanOrEqualTo(CONCURRENT);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aHundredSlowRequestsAreAllInFlightAtTheSameTime() throws Exception {
        // Given: a client that opens as many HTTP/1.1 connections as it has requests
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();

        // When: a hundred requests that the backend answers after two seconds each
        for (int i = 0; i < CONCURRENT; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SLOW_EGRESS
                    + "/delay/2000")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        // Then: all succeed, and the backend had all of them waiting at once
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(slow.maxInFlight()).isEqualTo(CONCURRENT);
    }

    @Test
    void aServiceImportThatCannotBeReadIsSkippedAndLaterImportsStillGetTheirListeners() {
        int brokenEgress = RawHttp.freePort();
        int lateEgress = RawHttp.freePort();
        try (KubernetesClient client = server.client()) {
            // Given: an import whose status is a word, as an API server without the CRD's schema lets through
            YamlApplier.apply(client, serviceImport("reach", "broken", "http/TCP/8080=" + brokenEgress));
            var untyped = client.genericKubernetesResources("multicluster.x-k8s.io/v1alpha1", "ServiceImport")
                    .inNamespace("reach");
            GenericKubernetesResource broken = untyped.withName("broken").get();
            broken.setAdditionalProperty("status", "broken");
            untyped.resource(broken).updateStatus();

            // When: another import comes after it
            YamlApplier.apply(client, serviceImport("reach", "late", "http/TCP/8080=" + lateEgress));

            // Then: the later import gets its listener, the unreadable one none, and the others keep theirs
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(lateEgress,
                    "late.reach.svc.clusterset.local:8080", "/").status()).isPositive());
            await().atMost(WAIT).until(() -> !listening(brokenEgress));
            assertThat(RawHttp.get(SLOW_EGRESS, "x", "/still-served").status()).isEqualTo(200);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private double refusals() {
        var counter = registry.find("mcw_gateway_dial_refused_total").counter();
        return counter == null ? 0 : counter.count();
    }

    private static void putExport(ExportEvent export) {
        put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, export.cluster(), EventJson.write(export));
    }

    private static void put(String topic, String key, String type, String cluster, byte[] json) {
        events.put(topic, key, type, cluster, json);
    }
}

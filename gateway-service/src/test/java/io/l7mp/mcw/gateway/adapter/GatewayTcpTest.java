package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceAt;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
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
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.SocketWatch;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.ConnectPeerBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.l7mp.mcw.testkit.backend.TcpFloodBackend;
import io.l7mp.mcw.testkit.backend.TcpHalfCloseBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Opaque TCP through the gateway pair (ADR 0021): cluster-1 exports TCP services and imports them, so each egress TCP
 * listener sends a CONNECT to its own ingress listener, which splices it to a backend on loopback. Many connections
 * at once, half-closes both ways, back-pressure end to end, refusals, the dial guard and a path that goes down.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayTcpTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SELF = "cluster-1";
    private static final String NS = "tcpt";
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int ECHO_EGRESS = RawHttp.freePort();
    private static final int ANSWER_EGRESS = RawHttp.freePort();
    private static final int SPEAK_EGRESS = RawHttp.freePort();
    private static final int FLOOD_EGRESS = RawHttp.freePort();
    private static final int EMPTY_EGRESS = RawHttp.freePort();
    private static final int FAR_EGRESS = RawHttp.freePort();
    private static final int PIECES_EGRESS = RawHttp.freePort();
    private static final int CONCURRENT = 200;
    /**
     * What a client that does not read can have in flight at most: the kernel's socket buffers at both ends of the
     * three connections on the way (the receive buffers grow up to {@code tcp_rmem}'s maximum, 32 MiB on some
     * machines, the send buffers up to {@code tcp_wmem}'s), plus 16 MiB for the gateways, which hold a high water mark
     * and a read batch per connection, far less.
     */
    private static final long IN_FLIGHT_BOUND = 3 * (tcpBufferMax("tcp_rmem") + tcpBufferMax("tcp_wmem"))
            + 16L * 1024 * 1024;
    /** What the flood backend writes to each connection: at least twice what may be in flight. */
    private static final long FLOOD_BYTES = Math.max(256L * 1024 * 1024, 2 * IN_FLIGHT_BOUND);
    /** DSCP 46 (EF): the tunnel connections' TOS byte is 46 << 2 = 0xb8. */
    private static final PolicyEvent POLICY = new PolicyEvent(SELF, "tcpt-high", "business", TUNNEL_PORT,
            new Sla(100.0, 50.0, 1.0), 46, List.of(), null, 1);
    /** A cluster whose export claims an ingress address off this machine. */
    private static final PolicyEvent FAR_POLICY = new PolicyEvent("cluster-8", "tcpt-far", "business", 31112,
            Sla.BEST_EFFORT, null, List.of(), null, 1);

    private static TcpEchoBackend echo;
    private static TcpHalfCloseBackend answerAtEof;
    private static TcpHalfCloseBackend speakFirst;
    private static TcpFloodBackend flood;
    /** cluster-18's "ingress": answers every CONNECT 200 in pieces, then echoes. */
    private static ConnectPeerBackend peer;
    private static TopicEvents events;
    private static SocketWatch watch;

    @InjectApiServer
    ApiServer server;

    @Inject
    ListenerManager listeners;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void setUpOnce() {
        if (events != null) {
            return;
        }
        // Given: TCP backends, their Services and imports (tcp port names: opaque TCP), the policy and the exports
        watch = SocketWatch.self();
        echo = TcpEchoBackend.start();
        answerAtEof = TcpHalfCloseBackend.start(TcpHalfCloseBackend.Mode.ANSWER_AT_EOF, "");
        speakFirst = TcpHalfCloseBackend.start(TcpHalfCloseBackend.Mode.SPEAK_FIRST, "hello, and that is all\n");
        flood = TcpFloodBackend.start(FLOOD_BYTES);
        peer = ConnectPeerBackend.start("welcome\n");
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces(NS));
            YamlApplier.apply(client, service(NS, "echo", "tcp", 7000, echo.port())
                    + service(NS, "answer", "tcp", 7000, answerAtEof.port())
                    + service(NS, "speak", "tcp", 7000, speakFirst.port())
                    + service(NS, "flood", "tcp", 7000, flood.port())
                    // no EndpointSlice: the ingress answers 503
                    + serviceAt(NS, "empty", "tcp", 7000, null, 0)
                    // an EndpointSlice that points off the machine
                    + serviceAt(NS, "outside", "tcp", 7000, "10.96.3.4", 7000)
                    + serviceImport(NS, "echo", "tcp/TCP/7000=" + ECHO_EGRESS)
                    + serviceImport(NS, "answer", "tcp/TCP/7000=" + ANSWER_EGRESS)
                    + serviceImport(NS, "speak", "tcp/TCP/7000=" + SPEAK_EGRESS)
                    + serviceImport(NS, "flood", "tcp/TCP/7000=" + FLOOD_EGRESS)
                    + serviceImport(NS, "empty", "tcp/TCP/7000=" + EMPTY_EGRESS)
                    + serviceImport(NS, "far", "tcp/TCP/7000=" + FAR_EGRESS)
                    + serviceImport(NS, "pieces", "tcp/TCP/7000=" + PIECES_EGRESS));
        }
        events = new TopicEvents(KafkaResource.bootstrapServers());
        put(Topics.POLICIES, POLICY.key(), EventTypes.POLICY, SELF, EventJson.write(POLICY));
        put(Topics.POLICIES, FAR_POLICY.key(), EventTypes.POLICY, "cluster-8", EventJson.write(FAR_POLICY));
        PolicyEvent peerPolicy = new PolicyEvent("cluster-18", "tcpt-peer", "business", peer.port(), Sla.BEST_EFFORT,
                null, List.of(), null, 1);
        put(Topics.POLICIES, peerPolicy.key(), EventTypes.POLICY, "cluster-18", EventJson.write(peerPolicy));
        putExport(new ExportEvent("cluster-18", NS, "pieces", "ClusterSetIP", "None",
                List.of(new ExportPort("tcp", "TCP", null, 7000)), ExportedPolicy.of(peerPolicy), "127.0.0.1", 1,
                Instant.parse("2026-01-01T00:00:00Z")));
        for (String name : List.of("echo", "answer", "speak", "flood", "empty", "outside")) {
            putExport(new ExportEvent(SELF, NS, name, "ClusterSetIP", "None",
                    List.of(new ExportPort("tcp", "TCP", null, 7000)), ExportedPolicy.of(POLICY), "127.0.0.1", 1,
                    Instant.parse("2026-01-01T00:00:00Z")));
        }
        putExport(new ExportEvent("cluster-8", NS, "far", "ClusterSetIP", "None",
                List.of(new ExportPort("tcp", "TCP", null, 7000)), ExportedPolicy.of(FAR_POLICY), "10.96.0.51", 1,
                Instant.parse("2026-01-01T00:00:00Z")));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            try (Socket socket = connect(ECHO_EGRESS)) {
                assertThat(roundTrip(socket, "ready?\n".getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo("ready?\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            try (Socket socket = connect(PIECES_EGRESS)) {
                assertThat(socket.getInputStream().readNBytes(8)).isEqualTo("welcome\n".getBytes(StandardCharsets.UTF_8));
            }
        });
    }

    @AfterAll
    static void tearDown() {
        events.close();
        events = null;
        echo.close();
        answerAtEof.close();
        speakFirst.close();
        flood.close();
        peer.close();
        watch.close();
    }

    @Test
    void twoHundredConnectionsAtOnceAllMakeProgressEachWithItsOwnBytes() throws Exception {
        long acceptedBefore = echo.connections();
        List<Socket> sockets = new ArrayList<>();
        try {
            // Given: two hundred connections open through the egress at the same time
            for (int i = 0; i < CONCURRENT; i++) {
                sockets.add(connect(ECHO_EGRESS));
            }

            for (int round = 0; round < 3; round++) {
                // When: every one of them sends bytes of its own (of a size of its own), all before any reads
                List<byte[]> sent = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    byte[] payload = payload(i, round);
                    sent.add(payload);
                    OutputStream out = sockets.get(i).getOutputStream();
                    out.write(payload);
                    out.flush();
                }

                // Then: every one gets exactly its own bytes back
                for (int i = 0; i < CONCURRENT; i++) {
                    InputStream in = sockets.get(i).getInputStream();
                    assertThat(in.readNBytes(sent.get(i).length)).as("connection %d, round %d", i, round)
                            .isEqualTo(sent.get(i));
                }
            }
            assertThat(echo.connections()).isGreaterThanOrEqualTo(acceptedBefore + CONCURRENT);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aClientsHalfCloseReachesTheBackendWhichCanStillAnswer() throws Exception {
        try (Socket socket = connect(ANSWER_EGRESS)) {
            // When: the client sends its question and shuts its output (FIN), keeping its input open
            socket.getOutputStream().write("how many bytes?".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.shutdownOutput();

            // Then: the backend saw the end of the question, answered it, and the answer came back
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).isEqualTo("got: how many bytes?");
            assertThat(answerAtEof.received()).contains("how many bytes?");
        }
    }

    @Test
    void aBackendsHalfCloseReachesTheClientWhichCanStillSend() throws Exception {
        try (Socket socket = connect(SPEAK_EGRESS)) {
            // When: the backend says its piece and shuts its output
            String greeting = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            // Then: the client read it to its end (FIN), and what it sends after that still reaches the backend
            assertThat(greeting).isEqualTo("hello, and that is all\n");
            socket.getOutputStream().write("still here".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            await().atMost(WAIT).untilAsserted(() -> assertThat(speakFirst.received()).contains("still here"));
        }
    }

    @Test
    void aClientThatDoesNotReadHoldsTheBackendBackThenGetsEveryByteInOrder() throws Exception {
        try (Socket socket = connect(FLOOD_EGRESS)) {
            // Given: a small receive window at the client, which reads nothing yet
            InputStream in = socket.getInputStream();

            // When: the backend writes as fast as it can
            long stalledAt = awaitStalled();

            // Then: its writes stalled after what the buffers on the way hold, not after all of the stream
            assertThat(stalledAt).isPositive().isLessThanOrEqualTo(IN_FLIGHT_BOUND);

            // When: the client reads
            byte[] buffer = new byte[64 * 1024];
            long offset = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != TcpFloodBackend.at(offset + i)) {
                        throw new AssertionError("byte " + (offset + i) + " is " + buffer[i] + ", expected "
                                + TcpFloodBackend.at(offset + i));
                    }
                }
                offset += n;
            }

            // Then: every byte arrived, in order, and the stream ended where the backend's did
            assertThat(offset).isEqualTo(FLOOD_BYTES);
            assertThat(flood.written()).isEqualTo(FLOOD_BYTES);
        }
    }

    /**
     * Waits until the flood backend's count of written bytes stops moving (the same over 5 polls in a row) and
     * returns it.
     */
    private static long awaitStalled() {
        long[] last = { -1, 0 };
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            long now = flood.written();
            last[1] = now == last[0] && now > 0 ? last[1] + 1 : 0;
            last[0] = now;
            return last[1] >= 5;
        });
        return last[0];
    }

    @Test
    void aConnectAnswerThatArrivesInPiecesOpensTheTunnelAndTheBytesBehindItReachTheClient() throws Exception {
        // Given: a peer that answers the CONNECT in two writes, the stream's first bytes behind the blank line
        try (Socket socket = connect(PIECES_EGRESS)) {
            // When
            byte[] welcome = socket.getInputStream().readNBytes("welcome\n".length());

            // Then: the bytes after the answer's head came first, then the stream flows both ways
            assertThat(new String(welcome, StandardCharsets.UTF_8)).isEqualTo("welcome\n");
            assertThat(roundTrip(socket, "ping".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
        }
        // and the CONNECT named the service's clusterset authority, in the request line and in Host
        String authority = "pieces." + NS + ".svc.clusterset.local:7000";
        assertThat(peer.heads()).anySatisfy(head -> assertThat(head)
                .startsWith("CONNECT " + authority + " HTTP/1.1\r\n").contains("host: " + authority + "\r\n"));
    }

    @Test
    void aConnectTheIngressRefusesClosesTheClientConnection() throws Exception {
        // Given: tcpt/empty has no ready endpoint, so the ingress answers its CONNECT 503
        try (Socket socket = connect(EMPTY_EGRESS)) {
            // When: the client sends, and waits for anything
            socket.getOutputStream().write("anyone?".getBytes(StandardCharsets.UTF_8));

            // Then: its connection is closed without a byte
            assertThat(readToEnd(socket)).isEmpty();
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(registry.find("mcw_gateway_requests_total")
                .tags("direction", "egress", "service", NS + "/empty", "code", "503").counter()).isNotNull());
    }

    @Test
    void theIngressAnswersAConnectAsTheFullServerDidAndPassesOnTheBytesSentWithIt() throws Exception {
        try (Socket socket = connect(TUNNEL_PORT)) {
            // When: a CONNECT and the first bytes of the stream in one write
            String authority = "echo." + NS + ".svc.clusterset.local:7000";
            socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nhost: " + authority
                    + "\r\n\r\nfirst bytes").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();

            // Then: the answer is the status line alone, and the bytes came back from the echo backend after it
            String answer = "HTTP/1.1 200 OK\r\n\r\n";
            assertThat(new String(socket.getInputStream().readNBytes(answer.length() + "first bytes".length()),
                    StandardCharsets.ISO_8859_1)).isEqualTo(answer + "first bytes");
        }
    }

    @Test
    void aConnectForAServiceWithoutEndpointsIsAnswered503AndClosed() throws Exception {
        try (Socket socket = connect(TUNNEL_PORT)) {
            // When
            String authority = "empty." + NS + ".svc.clusterset.local:7000";
            socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nhost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));

            // Then: the gateway's plain-text refusal, and the end of the connection
            String answer = new String(readToEnd(socket), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
                    .contains("content-type: text/plain; charset=utf-8\r\n", "no ready endpoints");
        }
    }

    @Test
    void anEndpointOffTheMachineIsRefused502AndNoSocketIsOpenedToIt() throws Exception {
        // Given
        double refusedBefore = counter("mcw_gateway_dial_refused_total");

        // When: a CONNECT for a service whose EndpointSlice points off the machine
        String answer;
        try (Socket socket = connect(TUNNEL_PORT)) {
            String authority = "outside." + NS + ".svc.clusterset.local:7000";
            socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nhost: " + authority + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            answer = new String(readToEnd(socket), StandardCharsets.ISO_8859_1);
        }
        // and a TCP connection to a service whose exporting cluster's ingress is off the machine
        try (Socket socket = connect(FAR_EGRESS)) {
            assertThat(readToEnd(socket)).isEmpty();
        }

        // Then: both refused by the dial guard, the first with the address, and nothing dialled
        assertThat(answer).startsWith("HTTP/1.1 502 ").contains("10.96.3.4", "mcw.network.allowed-cidrs");
        assertThat(counter("mcw_gateway_dial_refused_total")).isGreaterThanOrEqualTo(refusedBefore + 2);
        assertThat(watch.polls()).isPositive();
        assertThat(watch.offenders()).isEmpty();
    }

    @Test
    void aPathThatGoesDownClosesTheTcpConnectionsOverIt() throws Exception {
        // Given: a connection that crossed
        double closedBefore = counter("mcw_gateway_path_down_closed_connections_total");
        try (Socket socket = connect(ECHO_EGRESS)) {
            assertThat(roundTrip(socket, "before".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("before".getBytes(StandardCharsets.UTF_8));

            // When: its tunnel goes down
            listeners.closePath("127.0.0.1", TUNNEL_PORT, "the test took the tunnel down");

            // Then: the client's connection ends, so that it reconnects onto the tunnel in use
            assertThat(readToEnd(socket)).isEmpty();
        }
        assertThat(counter("mcw_gateway_path_down_closed_connections_total")).isGreaterThan(closedBefore);
    }

    @Test
    void theTunnelConnectionsCarryThePolicysDscpOnTheWire() throws Exception {
        Assumptions.assumeTrue(Sockets.ssAvailable(), "needs ss (iproute2) to read the sockets' TOS byte");
        try (Socket socket = connect(ECHO_EGRESS)) {
            // When: a connection crossed the high-priority tunnel (DSCP 46)
            assertThat(roundTrip(socket, "marked".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo("marked".getBytes(StandardCharsets.UTF_8));

            // Then: its CONNECT connection to the ingress port is marked EF
            assertThat(Sockets.tosOfConnectionsTo(TUNNEL_PORT)).isNotEmpty().containsOnly("0xb8");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        // a small receive buffer, so that a client that does not read stops the stream early
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return socket.getInputStream().readNBytes(bytes.length);
    }

    /** Everything until the connection ends (FIN or reset). */
    private static byte[] readToEnd(Socket socket) throws IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = socket.getInputStream().read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset: ended as well
        }
        return read.toByteArray();
    }

    /** Bytes of their own for connection {@code i}, of a size that differs between connections and rounds. */
    private static byte[] payload(int i, int round) {
        byte[] payload = new byte[100 + (i * 37 + round * 1013) % 4000];
        byte[] label = ("connection " + i + " round " + round + ":").getBytes(StandardCharsets.UTF_8);
        Arrays.fill(payload, (byte) ('a' + (i + round) % 26));
        System.arraycopy(label, 0, payload, 0, Math.min(label.length, payload.length));
        return payload;
    }

    /** The largest buffer the kernel gives a TCP socket ({@code net.ipv4.<name>}'s third field); 32 MiB if unknown. */
    private static long tcpBufferMax(String name) {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/net/ipv4", name)).trim()
                    .split("\\s+");
            return Long.parseLong(fields[2]);
        } catch (IOException | RuntimeException e) {
            return 32L * 1024 * 1024;
        }
    }

    private double counter(String name) {
        Counter counter = registry.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void putExport(ExportEvent export) {
        put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, export.cluster(), EventJson.write(export));
    }

    private static void put(String topic, String key, String type, String cluster, byte[] json) {
        events.put(topic, key, type, cluster, json);
    }
}

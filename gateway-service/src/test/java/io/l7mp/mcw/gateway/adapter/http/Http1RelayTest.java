package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.domain.HeaderModifier;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.DefaultAddressResolverGroup;

/**
 * The HTTP/1.1 relay against upstreams that misbehave on purpose, byte by byte: scripted TCP servers answer what
 * each test needs (no length, interim answers, silence, broken chunks, hop-by-hop fields), and a plain socket plays
 * the client. What both paths share (routing, header rules, retries across clusters, limits) is tested through the
 * gateway in {@code GatewayDataPlaneTest}, with and without the relay.
 */
class Http1RelayTest {
    private static EventLoopGroup loop;

    private final List<Scripted> upstreams = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> outcomes = new ConcurrentLinkedQueue<>();
    /** Requests the relay read and routed so far. */
    private final AtomicInteger routed = new AtomicInteger();
    private TrafficMetrics metrics;
    private Channel relay;
    /** What {@link #start} configures besides its arguments; a test changes them before it starts the relay. */
    private HeaderModifier routeHeaders = HeaderModifier.NONE;
    private long idleTimeoutMillis = 60_000;
    private long keepAliveMillis = 45_000;

    @BeforeAll
    static void startLoop() {
        loop = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @BeforeEach
    void setUpMetrics() {
        metrics = new TrafficMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.holder = new RouteTableHolder();
        metrics.registerGauges();
    }

    @AfterEach
    void tearDown() {
        if (relay != null) {
            relay.close().syncUninterruptibly();
        }
        upstreams.forEach(Scripted::close);
    }

    @Test
    void theRequestGoesUpstreamWithTheRoutesHeadAndItsBody() {
        // Given
        Scripted upstream = scripted(request -> ok("fine"));
        start(upstream.port(), 4, 5_000, upstream.port());

        // When: a hop-by-hop field of the client's connection among the fields
        Answer answer = exchange("POST /orders?id=7 HTTP/1.1\r\nHost: shop\r\nX-Trace: t1\r\nKeep-Alive: timeout=9\r\n"
                + "Content-Length: 5\r\n\r\nhello").get(0);

        // Then: the route's authority, the fields without the hop-by-hop one, the length and the body
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("fine");
        assertThat(upstream.requests()).containsExactly("POST /orders?id=7 HTTP/1.1\r\nhost: svc.ns\r\n"
                + "x-trace: t1\r\ncontent-length: 5\r\n\r\nhello");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(outcomes).containsExactly(200));
        await().atMost(Duration.ofSeconds(5)).until(() -> metrics.registry.find("mcw_gateway_open_connections")
                .tag("direction", "egress").gauge().value() == 0);
    }

    @Test
    void aResponseWithoutALengthRunsUntilTheUpstreamClosesAndEndsTheClientConnectionToo() throws IOException {
        // Given: an HTTP/1.0 server that says nothing about the body's end but closing
        Scripted upstream = scripted(request -> "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it");
        upstream.closeAfterAnswer = true;
        start(upstream.port(), 4, 5_000, upstream.port());

        // When
        try (Socket client = client()) {
            client.getOutputStream().write(ascii("GET /stream HTTP/1.1\r\nHost: shop\r\n\r\n"));
            String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            // Then: an HTTP/1.1 head that says the connection ends with the body, and every byte of it
            assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("connection: close\r\n")
                    .endsWith("\r\n\r\nall of it");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.contains(200));
    }

    @Test
    void interimAnswersArePassedOnBeforeTheFinalOne() {
        // Given
        Scripted upstream = scripted(request -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + ok("final"));
        start(upstream.port(), 4, 5_000, upstream.port());

        // When
        String raw = rawExchange("GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");

        // Then
        assertThat(raw).startsWith("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\n").endsWith("final");
    }

    @Test
    void anUpstreamThatSaysNothingIsAnswered504AfterTheRequestTimeout() {
        // Given: a server that reads the request and never answers
        Scripted upstream = scripted(request -> null);
        start(upstream.port(), 4, 300, upstream.port());

        // When
        Answer answer = exchange("GET /slow HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n").get(0);

        // Then
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.body()).contains("no response byte within 300 ms", "no other candidate");
        assertThat(outcomes).containsExactly(504);
    }

    @Test
    void theUpstreamsConnectionFieldsStayWithItsConnection() {
        // Given: a server that closes after every answer, and says so
        Scripted upstream = scripted(request -> "HTTP/1.1 200 OK\r\nConnection: close\r\nKeep-Alive: timeout=5\r\n"
                + "Content-Length: 2\r\n\r\nok");
        upstream.closeAfterAnswer = true;
        start(upstream.port(), 4, 5_000, upstream.port());

        // When: two requests on one client connection
        List<Answer> answers = exchange("GET /1 HTTP/1.1\r\nHost: shop\r\n\r\n",
                "GET /2 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");

        // Then: the client's connection outlived the first upstream connection, which was not reused
        assertThat(answers).extracting(Answer::status).containsExactly(200, 200);
        assertThat(answers.get(0).head()).doesNotContainIgnoringCase("keep-alive")
                .doesNotContainIgnoringCase("connection:");
        assertThat(upstream.accepted.get()).isEqualTo(2);
    }

    @Test
    void aChunkedBodyThatBreaksOffClosesTheClientConnection() throws IOException {
        // Given: a chunk that is longer than it said
        Scripted upstream = scripted(request -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhelloXX\r\n0\r\n\r\n");
        start(upstream.port(), 4, 5_000, upstream.port());

        // When
        try (Socket client = client()) {
            client.getOutputStream().write(ascii("GET / HTTP/1.1\r\nHost: shop\r\n\r\n"));
            String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            // Then: the head went on, then the connection closed (readAllBytes returned): no last chunk the client
            // could take for the end of a whole body
            assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("0\r\n\r\n");
        }
    }

    @Test
    void requestsBeyondThePoolSizeWaitForAFreeConnection() throws Exception {
        // Given: one connection per upstream, and a server that holds its first answer until the relay has read all
        // three requests, so that two of them find the one connection busy
        Scripted upstream = scripted(request -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> routed.get() == 3);
            return ok(request.substring(4, request.indexOf(" HTTP")));
        });
        start(upstream.port(), 1, 5_000, upstream.port());

        // When: three clients at once
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<Answer>> answers = List.of("/a", "/b", "/c").stream().map(path -> clients.submit(
                    () -> exchange("GET " + path + " HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n").get(0)))
                    .toList();

            // Then: all answered, one after the other over the one connection
            for (int i = 0; i < 3; i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS).body()).isEqualTo(List.of("/a", "/b", "/c").get(i));
            }
            assertThat(upstream.accepted.get()).isEqualTo(1);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aConnectionTheRelayDoesNotServeIsHandedOverWithEveryByteReadSoFar() {
        // Given: the "full server" here echoes what it received
        Scripted full = scripted(request -> ok("full server got: " + request));
        Scripted upstream = scripted(request -> ok("relayed"));
        start(upstream.port(), 4, 5_000, full.port());

        // When: an HTTP/1.0 request, which the relay leaves to the full server
        String request = "GET /old HTTP/1.0\r\nHost: shop\r\n\r\n";
        Answer answer = exchange(request).get(0);

        // Then
        assertThat(answer.body()).isEqualTo("full server got: " + request);
        assertThat(upstream.requests()).isEmpty();
        assertThat(metrics.registry.find("mcw_gateway_relay_handovers_total").tags("direction", "egress", "reason",
                "http1_0").counter().count()).isEqualTo(1);
    }

    @Test
    void theRoutesFieldChangesReplaceTheClientsFieldsAndTheRestPassInOrder() {
        // Given: a route that sets, adds and removes fields, as the egress side's rules and source-cluster field do
        Scripted upstream = scripted(request -> ok("fine"));
        routeHeaders = new HeaderModifier(Map.of("X-Route", "canary", "x-mcw-source-cluster", "cluster-2"),
                Map.of("x-trace", "b"), List.of("cookie"));
        start(upstream.port(), 4, 5_000, upstream.port());

        // When: the client sends a value of each, a field only gateways may set, and one the route leaves alone
        Answer answer = exchange("GET /pay HTTP/1.1\r\nHost: shop\r\nX-Route: old\r\nX-Trace: a\r\nCookie: s=1\r\n"
                + "X-Mcw-Client-Protocol: http/1.1\r\nX-Mcw-Source-Cluster: forged\r\nAccept: */*\r\n\r\n").get(0);

        // Then: the untouched fields in the client's order, then what the route sets, then what it adds
        assertThat(answer.status()).isEqualTo(200);
        assertThat(upstream.requests()).containsExactly("GET /pay HTTP/1.1\r\nhost: svc.ns\r\nx-trace: a\r\n"
                + "accept: */*\r\nx-mcw-source-cluster: cluster-2\r\nx-route: canary\r\nx-trace: b\r\n\r\n");
    }

    @Test
    void anIdleClientConnectionIsClosedButNotWhileItsRequestIsInFlight() throws IOException {
        // Given: an idle timeout of 300 ms, and an upstream that answers only when the test lets it
        CountDownLatch answerNow = new CountDownLatch(1);
        Scripted upstream = scripted(request -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> answerNow.getCount() == 0);
            return ok("late");
        });
        idleTimeoutMillis = 300;
        start(upstream.port(), 4, 10_000, upstream.port());

        try (Socket client = client()) {
            // When: a request that waits for its answer for longer than the idle timeout
            client.getOutputStream().write(ascii("GET /slow HTTP/1.1\r\nHost: shop\r\n\r\n"));

            // Then: the connection stays open while the request is in flight, and the answer arrives
            await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
                    .until(() -> openConnections() == 1);
            answerNow.countDown();
            assertThat(readAnswer(client.getInputStream()).body()).isEqualTo("late");

            // Then: idle after its answer, it is closed
            await().atMost(Duration.ofSeconds(5)).until(() -> openConnections() == 0);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void anUpstreamConnectionUnusedForTheKeepAliveTimeIsClosedAndTheNextRequestOpensANewOne() {
        // Given: a keep-alive time of 300 ms
        Scripted upstream = scripted(request -> ok("fine"));
        keepAliveMillis = 300;
        start(upstream.port(), 4, 5_000, upstream.port());

        // When: a request, then a pause longer than the keep-alive time
        assertThat(exchange("GET /1 HTTP/1.1\r\nHost: shop\r\n\r\n").get(0).status()).isEqualTo(200);

        // Then: the relay, not the server, closed the unused connection; the next request opens another one
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.closedByPeer.get() == 1);
        assertThat(exchange("GET /2 HTTP/1.1\r\nHost: shop\r\n\r\n").get(0).status()).isEqualTo(200);
        assertThat(upstream.accepted.get()).isEqualTo(2);
    }

    @Test
    void aClientFarAheadOfItsAnswersIsPausedAndServedInOrder() throws Exception {
        // Given: 150 pipelined requests of 1 KiB of fields each, twice what the relay buffers ahead of the one in flight
        Scripted upstream = scripted(request -> ok(request.substring(4, request.indexOf(" HTTP"))));
        start(upstream.port(), 4, 5_000, upstream.port());
        String padding = "x".repeat(1000);
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            requests.append("GET /").append(i).append(" HTTP/1.1\r\nHost: shop\r\nX-Pad: ").append(padding)
                    .append("\r\n\r\n");
        }
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (Socket client = client()) {
            // When: all written at once, while the answers are read
            Future<?> written = writer.submit(() -> {
                client.getOutputStream().write(ascii(requests.toString()));
                return null;
            });

            // Then: every request answered, in order
            for (int i = 0; i < 150; i++) {
                assertThat(readAnswer(client.getInputStream()).body()).isEqualTo("/" + i);
            }
            written.get(10, TimeUnit.SECONDS);
        } finally {
            writer.shutdownNow();
        }
        assertThat(upstream.requests()).hasSize(150);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "HTTP/2|http2_or_upgrade", "an upgrade|http2_or_upgrade",
            "CONNECT|connect", "HTTP/1.0|http1_0", "a body without a length|body",
            "a body of 70000 bytes, more than the relay keeps|body", "a folded header line|other" })
    void handoverReasonsAreCountedUnderAFewTags(String why, String tag) {
        // When / Then
        assertThat(Http1Relay.reasonTag(why)).isEqualTo(tag);
    }

    // --- the relay and its router

    private void start(int upstreamPort, int poolSize, long requestTimeoutMillis, int fallbackPort) {
        DialGuard guard = new DialGuard(AllowedNetworks.LOOPBACK, DefaultAddressResolverGroup.INSTANCE, metrics);
        Http1Upstreams.Registry pools = new Http1Upstreams.Registry(new Http1Upstreams.Settings(NioSocketChannel::new,
                guard, null, 2_000, keepAliveMillis, poolSize, () -> {
                }));
        Http1Relay.Router router = (head, path, query, client, started) -> {
            routed.incrementAndGet();
            return new Http1Relay.Route.Forward(List.of(new Target("127.0.0.1", upstreamPort, null, null)), "svc.ns",
                    routeHeaders,
                    (status, index, requestBytes, responseBytes) -> outcomes.add(status));
        };
        Http1Relay.Settings settings = new Http1Relay.Settings(TrafficMetrics.EGRESS, router, null, null,
                new int[] { fallbackPort },
                8192, 65536, requestTimeoutMillis, idleTimeoutMillis, new RetryPolicy(3), metrics, NioSocketChannel::new,
                pools, new PathSignals(Clock.systemUTC()));
        relay = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new Http1Relay(settings));
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    private Socket client() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                ((java.net.InetSocketAddress) relay.localAddress()).getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private double openConnections() {
        return metrics.registry.find("mcw_gateway_open_connections").tag("direction", "egress").gauge().value();
    }

    // --- the client's side

    private record Answer(int status, String head, String body) {
    }

    /** Sends the requests one after the other on one connection; reads one answer (with a length) for each. */
    private List<Answer> exchange(String... requests) {
        try (Socket socket = client()) {
            List<Answer> answers = new java.util.ArrayList<>();
            for (String request : requests) {
                socket.getOutputStream().write(ascii(request));
                answers.add(readAnswer(socket.getInputStream()));
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rawExchange(String request) {
        try (Socket socket = client()) {
            socket.getOutputStream().write(ascii(request));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(head.substring(9, 12)), head, body);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = { '\r', '\n', '\r', '\n' };
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // --- scripted upstreams

    private Scripted scripted(Function<String, String> answer) {
        Scripted server = new Scripted(answer);
        upstreams.add(server);
        return server;
    }

    /**
     * A TCP server that reads HTTP/1.x requests (head and a body of declared length) and writes what {@code answer}
     * gives for each as it is; null leaves the request unanswered.
     */
    private static final class Scripted {
        final AtomicInteger accepted = new AtomicInteger();
        /** Connections the relay closed (end of stream where a request head could start). */
        final AtomicInteger closedByPeer = new AtomicInteger();
        private final ServerSocket socket;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Function<String, String> answer;
        volatile boolean closeAfterAnswer;

        Scripted(Function<String, String> answer) {
            this.answer = answer;
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            threads.execute(this::accept);
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    accepted.incrementAndGet();
                    threads.execute(() -> serve(connection));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String head = readHead(in);
                    if (!head.endsWith("\r\n\r\n")) {
                        if (head.isEmpty()) {
                            closedByPeer.incrementAndGet();
                        }
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring("content-length:".length()).trim());
                        }
                    }
                    String request = head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
                    requests.add(request);
                    String response = answer.apply(request);
                    if (response == null) {
                        in.readAllBytes();
                        return;
                    }
                    out.write(ascii(response));
                    out.flush();
                    if (closeAfterAnswer) {
                        return;
                    }
                }
            } catch (SocketException e) {
                // the relay closed the connection
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            threads.shutdownNow();
        }
    }
}

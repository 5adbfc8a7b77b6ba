package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
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
import io.l7mp.mcw.testkit.backend.GrpcStreamReader;
import io.l7mp.mcw.testkit.backend.GrpcStreamsBackend;
import io.l7mp.mcw.testkit.backend.GrpcStreamsBackend.UploadSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * gRPC through the gateway pair (issue 15): cluster-1 exports a gRPC backend and imports it too, so every call goes
 * client -> egress port -> the policy's ingress (tunnel) port -> backend, two HTTP/2 hops through the gateway. Large
 * messages in each kind of call, back-pressure from a client that does not read, and a cancel and a deadline that
 * reach the backend.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayGrpcStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration LONG_WAIT = Duration.ofMinutes(3);
    /**
     * How long a cancel may take to reach the backend: far more than the milliseconds it needs, and under the gateway's
     * request-timeout (30 s), so that the gateway giving up on a call by itself does not pass for the client's cancel.
     */
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);
    private static final String CLUSTER = "cluster-1";
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int EGRESS = RawHttp.freePort();
    private static final int MIB = 1024 * 1024;
    private static final PolicyEvent POLICY = new PolicyEvent(CLUSTER, "streams-high", "business", TUNNEL_PORT,
            new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
    /**
     * What may be in flight between the backend and a client that stopped reading: sent by the backend, not yet
     * delivered to the client. Each HTTP/2 hop holds at most its stream's flow-control window (a receiver returns
     * credit only for what it passed on), plus what its sender queued once it saw the window closed; the client's own
     * window is grpc-java's 1 MiB (up to 8 MiB once its BDP estimate grows it); socket buffers hold only bytes inside
     * those windows. Measured with 128 KiB messages: 1 MiB with the gateway that handed HTTP/2 to Vert.x' server and
     * client (as much as with no gateway in between: the client's window), 1.9 MiB with the HTTP/2 frame relay. 32 MiB
     * leaves room for larger windows and a few messages queued per hop, and is an eighth of the stream, which a
     * gateway that buffered the stream would hold nearly all of (one that did not pause its upstream held 256 MiB).
     */
    private static final long IN_FLIGHT_BOUND = 32L * MIB;

    private static GrpcStreamsBackend backend;
    private static ManagedChannel channel;
    private static TopicEvents events;

    @InjectApiServer
    ApiServer server;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void setUpOnce() {
        if (events != null) {
            return;
        }
        // Given: the backend, its Service and import (port name grpc), the policy and the export
        backend = GrpcStreamsBackend.start();
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("streams"));
            YamlApplier.apply(client, service("streams", "streams", "grpc", 9090, backend.port())
                    + serviceImport("streams", "streams", "grpc/TCP/9090=" + EGRESS));
        }
        events = new TopicEvents(KafkaResource.bootstrapServers());
        events.put(Topics.POLICIES, POLICY.key(), EventTypes.POLICY, CLUSTER, EventJson.write(POLICY));
        ExportEvent export = new ExportEvent(CLUSTER, "streams", "streams", "ClusterSetIP", "None",
                List.of(new ExportPort("grpc", "TCP", null, 9090)), ExportedPolicy.of(POLICY), "127.0.0.1", 1,
                Instant.parse("2026-01-01T00:00:00Z"));
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, CLUSTER, EventJson.write(export));
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", EGRESS).usePlaintext()
                .maxInboundMessageSize(GrpcStreamsBackend.MAX_MESSAGE_SIZE).build();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(ClientCalls.blockingUnaryCall(channel,
                GrpcStreamsBackend.UNARY, call(), "ready?".getBytes(StandardCharsets.UTF_8))).asString()
                .isEqualTo("ready?"));
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        events.close();
        events = null;
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        backend.close();
    }

    @Test
    void aUnaryCallCarriesSeveralMebibytesEachWayThroughTheIngressPort() {
        // Given
        byte[] request = random(4 * MIB, 1);
        double ingressBefore = ingressRequests();

        // When
        byte[] answer = ClientCalls.blockingUnaryCall(channel, GrpcStreamsBackend.UNARY, call(), request);

        // Then: the backend's answer, byte for byte, and the call crossed the tunnel port
        assertThat(answer).isEqualTo(request);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ingressRequests()).isGreaterThan(ingressBefore));
    }

    @Test
    void aServerStreamOfSeveralMebibytesArrivesWholeAndInOrder() {
        // When: 64 messages of 128 KiB, each asked for as the client likes (automatic flow control)
        GrpcStreamReader reader = GrpcStreamReader.start(channel, call(), "server-stream", 64, 128 * 1024, 64);

        // Then: OK only with the trailers; every message in its place with its bytes
        assertThat(reader.finished()).succeedsWithin(WAIT).isEqualTo(Status.OK);
        assertThat(reader.problem()).isNull();
        assertThat(reader.bytesReceived()).isEqualTo(8L * MIB);
        assertThat(backend.call("server-stream").orElseThrow().completed()).isTrue();
    }

    @Test
    void aClientStreamOfSeveralMebibytesArrivesWholeAndInOrder() {
        // Given: 64 messages of 128 KiB, each different
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            messages.add(random(128 * 1024, 100 + i));
        }
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(
                GrpcStreamsBackend.UPLOAD, call()), new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        answer.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        answer.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        answer.complete(null);
                    }
                });

        // When
        messages.forEach(requests::onNext);
        requests.onCompleted();

        // Then: the backend received as many messages and bytes, with the same checksum, as were sent
        assertThat(answer).succeedsWithin(WAIT).isNotNull()
                .extracting(UploadSummary::parse).isEqualTo(UploadSummary.of(messages));
    }

    @Test
    void aBidirectionalStreamEchoesLargeMessagesOneByOneInOrder() throws InterruptedException {
        // Given
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(
                GrpcStreamsBackend.ECHO_STREAM, call()), collect(answers));

        // When: each message (1 MiB, then 4 MiB) is sent only once the answer to the previous one came back
        for (int i = 0; i < 8; i++) {
            byte[] message = random((i % 2 == 0 ? 1 : 4) * MIB, 200 + i);
            requests.onNext(message);

            // Then: its echo arrives before the stream ends, which a gateway that held the stream would not do
            assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the echo of message %d", i)
                    .isEqualTo(message);
        }
        requests.onCompleted();
        assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Status.OK);
    }

    @Test
    void aClientThatDoesNotReadHoldsTheServerBackThroughThePairAndThenGetsEveryByte() {
        // Given: 256 MiB on offer, of which the client asks for one message
        int size = 128 * 1024;
        GrpcStreamReader reader = GrpcStreamReader.start(channel, call(LONG_WAIT), "slow-reader", 2048, size, 1);
        await().atMost(WAIT).until(() -> reader.messagesReceived() == 1);

        // When: the backend stopped, held back by flow control
        long sent = settled(() -> backend.call("slow-reader").orElseThrow().bytesSent());

        // Then: what it handed to the transport beyond what the client got is within the path's windows and buffers
        assertThat(sent - reader.bytesReceived()).as("bytes in flight between the backend and the client")
                .isLessThan(IN_FLIGHT_BOUND);
        // and once the client reads, every message comes, in order, with the trailers
        reader.requestRest();
        assertThat(reader.finished()).succeedsWithin(LONG_WAIT).isEqualTo(Status.OK);
        assertThat(reader.problem()).isNull();
        assertThat(reader.bytesReceived()).isEqualTo(reader.bytesExpected());
    }

    @Test
    void aBidirectionalStreamTheClientCancelsMidwayIsCancelledAtTheBackend() throws InterruptedException {
        // Given: a call whose first message came back, its request stream still open
        long cancelledBefore = backend.cancellations(GrpcStreamsBackend.ECHO_STREAM);
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        ClientCallStreamObserver<byte[]> requests = (ClientCallStreamObserver<byte[]>) ClientCalls
                .asyncBidiStreamingCall(channel.newCall(GrpcStreamsBackend.ECHO_STREAM, call()), collect(answers));
        byte[] message = random(MIB, 300);
        requests.onNext(message);
        assertThat(answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(message);

        // When
        requests.cancel("the client has enough", null);

        // Then: the RST_STREAM (or the connection's end) came through both hops
        await().atMost(CANCEL_WAIT).until(() -> backend.cancellations(GrpcStreamsBackend.ECHO_STREAM) > cancelledBefore);
    }

    @Test
    void aServerStreamTheClientCancelsIsCancelledAtTheBackend() {
        // Given: an endless stream, of which the client read a few messages
        GrpcStreamReader reader = GrpcStreamReader.start(channel, call(), "cancelled", Integer.MAX_VALUE, 64 * 1024,
                4);
        await().atMost(WAIT).until(() -> reader.messagesReceived() == 4);
        assertThat(backend.call("cancelled").orElseThrow().cancelled()).isFalse();

        // When
        reader.cancel("the client has enough");

        // Then: the backend's call is cancelled (the RST_STREAM, or the connection's end, came through both hops)
        await().atMost(CANCEL_WAIT).until(() -> backend.call("cancelled").orElseThrow().cancelled());
        assertThat(reader.finished()).succeedsWithin(WAIT).extracting(Status::getCode)
                .isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void aUnaryCallTheClientCancelsBeforeItsAnswerIsCancelledAtTheBackend() {
        // Given: a call the backend holds, whose deadline is far beyond this test's wait
        ClientCall<byte[], byte[]> call = channel.newCall(GrpcStreamsBackend.HANG, call(LONG_WAIT));
        call.start(new ClientCall.Listener<>() {
        }, new Metadata());
        call.sendMessage("unary-cancelled".getBytes(StandardCharsets.UTF_8));
        call.halfClose();
        call.request(1);
        await().atMost(WAIT).until(() -> backend.call("unary-cancelled").isPresent());

        // When
        call.cancel("the client gives up", null);

        // Then: only the client's cancel, carried through both hops, ends it this soon
        await().atMost(CANCEL_WAIT).until(() -> backend.call("unary-cancelled").orElseThrow().cancelled());
    }

    @Test
    void aCallPastItsDeadlineEndsDeadlineExceededAndTheBackendHadTheDeadline() {
        // When: the backend never answers
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcStreamsBackend.HANG,
                CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.SECONDS),
                "deadline".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));

        // Then: the call arrived with what was left of the client's second (its grpc-timeout), and ended there
        assertThat(backend.call("deadline")).as("the hanging call at the backend").hasValueSatisfying(
                c -> assertThat(c.deadlineAtArrival()).as("the deadline the backend saw").hasValueSatisfying(
                        left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1))));
        await().atMost(WAIT).until(() -> backend.call("deadline").orElseThrow().cancelled());
    }

    /** Puts each answer, then the error or {@link Status#OK} at the end, in {@code answers}. */
    private static StreamObserver<byte[]> collect(BlockingQueue<Object> answers) {
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] value) {
                answers.add(value);
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                answers.add(Status.OK);
            }
        };
    }

    private static CallOptions call() {
        return call(WAIT);
    }

    private static CallOptions call(Duration deadline) {
        return CallOptions.DEFAULT.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The value once it stopped moving: the same in two reads half a second apart. */
    private static long settled(LongSupplier value) {
        long[] last = { -1 };
        await().atMost(LONG_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = value.getAsLong();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Requests the ingress listener counted for the service; counted as each response ends. */
    private double ingressRequests() {
        return registry.find("mcw_gateway_requests_total").tags("direction", "ingress", "tunnel_port",
                String.valueOf(TUNNEL_PORT), "service", "streams/streams").counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}

package io.l7mp.mcw.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;

/** The streams backend, called directly: what the gateway tests rely on holds without a proxy in between. */
class GrpcStreamsBackendTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CallOptions CALL = CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS);

    private static GrpcStreamsBackend backend;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        backend = GrpcStreamsBackend.start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", backend.port()).usePlaintext()
                .maxInboundMessageSize(GrpcStreamsBackend.MAX_MESSAGE_SIZE).build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        backend.close();
    }

    @Test
    void unaryAnswersTheRequestsBytes() {
        // Given
        byte[] request = random(5 * 1024 * 1024, 1);

        // When
        byte[] answer = ClientCalls.blockingUnaryCall(channel, GrpcStreamsBackend.UNARY, CALL, request);

        // Then
        assertThat(answer).isEqualTo(request);
    }

    @Test
    void uploadAnswersWhatItReceived() {
        // Given
        List<byte[]> messages = List.of(random(1000, 2), random(70_000, 3), new byte[0]);
        AtomicReference<byte[]> answer = new AtomicReference<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(
                GrpcStreamsBackend.UPLOAD, CALL), new Collect(answer));

        // When
        messages.forEach(requests::onNext);
        requests.onCompleted();

        // Then
        await().atMost(WAIT).until(() -> answer.get() != null);
        assertThat(GrpcStreamsBackend.UploadSummary.parse(answer.get()))
                .isEqualTo(GrpcStreamsBackend.UploadSummary.of(messages));
    }

    @Test
    void aDownloadIsReceivedWholeAndInOrder() {
        // When
        GrpcStreamReader reader = GrpcStreamReader.start(channel, CALL, "direct-whole", 20, 10_000, 20);

        // Then
        assertThat(reader.finished()).succeedsWithin(WAIT).isEqualTo(Status.OK);
        assertThat(reader.problem()).isNull();
        assertThat(reader.bytesReceived()).isEqualTo(200_000);
        assertThat(backend.call("direct-whole").orElseThrow().completed()).isTrue();
    }

    @Test
    void aDownloadStopsWhileTheClientDoesNotReadAndEndsWhenItDoes() {
        // Given: 64 MiB, of which the client asks for one message
        int size = 128 * 1024;
        GrpcStreamReader reader = GrpcStreamReader.start(channel, CALL, "direct-slow", 512, size, 1);
        await().atMost(WAIT).until(() -> reader.messagesReceived() == 1);

        // When: the backend stopped sending
        long sent = settled(() -> backend.call("direct-slow").orElseThrow().bytesSent());

        // Then: what it sent is held by the client's HTTP/2 window (1 MiB) and the socket buffers, not the stream
        assertThat(sent - reader.bytesReceived()).isLessThan(16L * 1024 * 1024);
        reader.requestRest();
        assertThat(reader.finished()).succeedsWithin(WAIT).isEqualTo(Status.OK);
        assertThat(reader.bytesReceived()).isEqualTo(reader.bytesExpected());
        assertThat(reader.problem()).isNull();
    }

    @Test
    void aCancelledDownloadIsSeenCancelled() {
        // Given
        GrpcStreamReader reader = GrpcStreamReader.start(channel, CALL, "direct-cancel", Integer.MAX_VALUE, 1024, 3);
        await().atMost(WAIT).until(() -> reader.messagesReceived() == 3);

        // When
        reader.cancel("enough");

        // Then
        await().atMost(WAIT).until(() -> backend.call("direct-cancel").orElseThrow().cancelled());
        assertThat(reader.finished()).succeedsWithin(WAIT).extracting(Status::getCode)
                .isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void aCancelledEchoStreamIsCounted() {
        // Given
        long before = backend.cancellations(GrpcStreamsBackend.ECHO_STREAM);
        AtomicReference<byte[]> answer = new AtomicReference<>();
        io.grpc.ClientCall<byte[], byte[]> call = channel.newCall(GrpcStreamsBackend.ECHO_STREAM, CALL);
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(call, new Collect(answer));
        requests.onNext(new byte[] { 1, 2, 3 });
        await().atMost(WAIT).until(() -> answer.get() != null);

        // When
        call.cancel("enough", null);

        // Then
        await().atMost(WAIT).until(() -> backend.cancellations(GrpcStreamsBackend.ECHO_STREAM) == before + 1);
    }

    @Test
    void aHangingCallEndsAtItsDeadlineAndTheServerSawTheDeadline() {
        // When
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, GrpcStreamsBackend.HANG,
                CallOptions.DEFAULT.withDeadlineAfter(500, TimeUnit.MILLISECONDS),
                "direct-hang".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StatusRuntimeException.class)
                .extracting(e -> ((StatusRuntimeException) e).getStatus().getCode())
                .isEqualTo(Status.Code.DEADLINE_EXCEEDED);

        // Then
        await().atMost(WAIT).until(() -> backend.call("direct-hang").map(c -> c.cancelled()).orElse(false));
        assertThat(backend.call("direct-hang").orElseThrow().deadlineAtArrival()).hasValueSatisfying(
                left -> assertThat(left).isPositive().isLessThanOrEqualTo(Duration.ofMillis(500)));
    }

    @Test
    void theEchoStreamAnswersEachMessageWithItself() {
        // Given
        List<byte[]> messages = List.of(random(300_000, 4), random(10, 5), random(2_000_000, 6));
        List<byte[]> answers = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(
                GrpcStreamsBackend.ECHO_STREAM, CALL), new StreamObserver<>() {
                    @Override
                    public void onNext(byte[] value) {
                        synchronized (answers) {
                            answers.add(value);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        // the assertion below says what is missing
                    }

                    @Override
                    public void onCompleted() {
                        done.set(true);
                    }
                });

        // When
        messages.forEach(requests::onNext);
        requests.onCompleted();

        // Then
        await().atMost(WAIT).untilTrue(done);
        synchronized (answers) {
            assertThat(answers).containsExactlyElementsOf(messages);
        }
    }

    /** The value once it stopped moving: the same in two reads half a second apart. */
    static long settled(java.util.function.LongSupplier value) {
        long[] last = { -1 };
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = value.getAsLong();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private record Collect(AtomicReference<byte[]> into) implements StreamObserver<byte[]> {
        @Override
        public void onNext(byte[] value) {
            into.set(value);
        }

        @Override
        public void onError(Throwable t) {
            // the await fails
        }

        @Override
        public void onCompleted() {
            // the answer came with onNext
        }
    }
}

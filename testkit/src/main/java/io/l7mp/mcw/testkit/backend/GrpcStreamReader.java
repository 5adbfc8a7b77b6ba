package io.l7mp.mcw.testkit.backend;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;

/**
 * A client of {@link GrpcStreamsBackend#DOWNLOAD} that reads at the test's pace: gRPC's manual flow control delivers
 * (and returns to HTTP/2 flow control) only the messages asked for with {@link #request(int)}, so while the test holds
 * back, the stream backs up towards the backend. Every message is checked as it arrives: its place in the stream and
 * its content.
 */
public final class GrpcStreamReader {
    private final int count;
    private final int size;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final CompletableFuture<Status> finished = new CompletableFuture<>();
    private final CompletableFuture<ClientCallStreamObserver<byte[]>> started = new CompletableFuture<>();

    private GrpcStreamReader(int count, int size) {
        this.count = count;
        this.size = size;
    }

    /**
     * Starts a download of {@code count} messages of {@code size} bytes, tagged {@code tag} at the backend, and asks
     * for the first {@code initialRequest} messages only.
     */
    public static GrpcStreamReader start(Channel channel, CallOptions options, String tag, int count, int size,
            int initialRequest) {
        GrpcStreamReader reader = new GrpcStreamReader(count, size);
        ClientCalls.asyncServerStreamingCall(channel.newCall(GrpcStreamsBackend.DOWNLOAD, options),
                GrpcStreamsBackend.downloadRequest(tag, count, size), reader.new Observer(initialRequest));
        return reader;
    }

    /** Asks for {@code more} messages. */
    public void request(int more) {
        started.join().request(more);
    }

    /** Asks for every message not asked for yet (at most {@code count}, however many were asked for before). */
    public void requestRest() {
        request(count);
    }

    /** Cancels the call, as a client that gives up. */
    public void cancel(String why) {
        started.join().cancel(why, null);
    }

    public long messagesReceived() {
        return messages.get();
    }

    public long bytesReceived() {
        return bytes.get();
    }

    /** The bytes of the whole stream. */
    public long bytesExpected() {
        return (long) count * size;
    }

    /** The first message out of place or with other bytes than sent; null while every one was right. */
    public String problem() {
        return problem.get();
    }

    /** Completes with the call's status: OK once every message and the trailers arrived, else the error. */
    public CompletableFuture<Status> finished() {
        return finished;
    }

    private final class Observer implements ClientResponseObserver<byte[], byte[]> {
        private final int initialRequest;

        Observer(int initialRequest) {
            this.initialRequest = initialRequest;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<byte[]> call) {
            call.disableAutoRequestWithInitial(initialRequest);
            started.complete(call);
        }

        @Override
        public void onNext(byte[] message) {
            long sequence = messages.get();
            if (!GrpcStreamsBackend.isMessage(message, sequence, size)) {
                problem.compareAndSet(null, "message " + sequence + " is not the one sent in its place ("
                        + message.length + " bytes)");
            }
            bytes.addAndGet(message.length);
            messages.incrementAndGet();
        }

        @Override
        public void onError(Throwable t) {
            finished.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            if (messages.get() != count) {
                problem.compareAndSet(null, "the stream ended OK after " + messages.get() + " of " + count
                        + " messages");
            }
            finished.complete(Status.OK);
        }
    }
}

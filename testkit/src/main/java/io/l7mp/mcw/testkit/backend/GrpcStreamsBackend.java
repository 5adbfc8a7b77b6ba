package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server (grpc-java over HTTP/2 cleartext) for tests of large messages, streaming, flow control,
 * cancellation and deadlines through a proxy. Service {@code mcw.test.Streams}, messages as raw bytes:
 * <ul>
 * <li>{@link #UNARY}: answers the request's bytes as they came;
 * <li>{@link #DOWNLOAD}: server streaming; the request ({@link #downloadRequest}) names a tag, a count and a size, and
 * the answer is the messages {@link #message message(0, size)} .. {@code message(count - 1, size)}. The server sends
 * only while its call {@code isReady()} and resumes from its on-ready handler, so it never queues more than a message
 * ahead of the transport, and it counts the bytes it handed to the transport;
 * <li>{@link #UPLOAD}: client streaming; answers an {@link UploadSummary} of what it received;
 * <li>{@link #ECHO_STREAM}: bidirectional; answers each message with itself, and asks for the next one only while it
 * can send (manual flow control), so a client that does not read stops the echo instead of filling the server;
 * <li>{@link #HANG}: unary and never answered; the request is a tag.
 * </ul>
 * Calls with a tag (downloads and hanging calls) are observed through {@link #call(String)}: the bytes sent, the deadline
 * the call arrived with, and whether the server saw it cancelled (by the client, or by its deadline).
 */
public final class GrpcStreamsBackend implements AutoCloseable {
    /** The largest message either side accepts. */
    public static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

    public static final MethodDescriptor<byte[], byte[]> UNARY = method(MethodDescriptor.MethodType.UNARY, "Unary");
    public static final MethodDescriptor<byte[], byte[]> DOWNLOAD = method(
            MethodDescriptor.MethodType.SERVER_STREAMING, "Download");
    public static final MethodDescriptor<byte[], byte[]> UPLOAD = method(MethodDescriptor.MethodType.CLIENT_STREAMING,
            "Upload");
    public static final MethodDescriptor<byte[], byte[]> ECHO_STREAM = method(
            MethodDescriptor.MethodType.BIDI_STREAMING, "EchoStream");
    public static final MethodDescriptor<byte[], byte[]> HANG = method(MethodDescriptor.MethodType.UNARY, "Hang");

    /** The smallest message of a download: its sequence number comes first. */
    private static final int MIN_MESSAGE_SIZE = Long.BYTES;

    private final Server server;
    private final Map<String, ObservedCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    /** Cancelled calls by full method name. */
    private final Map<String, AtomicLong> cancellations = new ConcurrentHashMap<>();

    private GrpcStreamsBackend() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("mcw.test.Streams")
                .addMethod(UNARY, ServerCalls.asyncUnaryCall((request, observer) -> {
                    observer.onNext(request);
                    observer.onCompleted();
                }))
                .addMethod(DOWNLOAD, ServerCalls.asyncServerStreamingCall(this::download))
                .addMethod(UPLOAD, ServerCalls.asyncClientStreamingCall(this::upload))
                .addMethod(ECHO_STREAM, ServerCalls.asyncBidiStreamingCall(this::echoStream))
                .addMethod(HANG, ServerCalls.asyncUnaryCall(this::hang))
                .build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .maxInboundMessageSize(MAX_MESSAGE_SIZE).addService(service).build().start();
    }

    public static GrpcStreamsBackend start() {
        try {
            return new GrpcStreamsBackend();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC streams backend", e);
        }
    }

    /** The request of a {@link #DOWNLOAD}: {@code count} messages of {@code size} bytes, observed as {@code tag}. */
    public static byte[] downloadRequest(String tag, int count, int size) {
        if (count < 0 || size < MIN_MESSAGE_SIZE) {
            throw new IllegalArgumentException("a download needs count >= 0 and size >= " + MIN_MESSAGE_SIZE
                    + ", got count " + count + " and size " + size);
        }
        byte[] name = tag.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 * Integer.BYTES + name.length).putInt(count).putInt(size).put(name).array();
    }

    /**
     * Message {@code sequence} of a download with messages of {@code size} bytes: the sequence number, then bytes
     * that depend on it and on their position, so that a message out of place or a corrupted one is told apart.
     */
    public static byte[] message(long sequence, int size) {
        byte[] message = new byte[size];
        ByteBuffer.wrap(message).putLong(sequence);
        for (int i = MIN_MESSAGE_SIZE; i < size; i++) {
            message[i] = patternByte(sequence, i);
        }
        return message;
    }

    /** Whether {@code message} is {@link #message message(sequence, size)}. */
    public static boolean isMessage(byte[] message, long sequence, int size) {
        if (message.length != size || ByteBuffer.wrap(message).getLong() != sequence) {
            return false;
        }
        for (int i = MIN_MESSAGE_SIZE; i < size; i++) {
            if (message[i] != patternByte(sequence, i)) {
                return false;
            }
        }
        return true;
    }

    private static byte patternByte(long sequence, int position) {
        return (byte) (sequence * 31 + position * 7 + (position >>> 8));
    }

    public int port() {
        return server.getPort();
    }

    /** The tagged call, once it arrived. */
    public Optional<ObservedCall> call(String tag) {
        return Optional.ofNullable(calls.get(tag));
    }

    /** Bytes of download messages handed to the transport so far, over all calls. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Calls of {@code method} the server saw cancelled (by their client or by their deadline). */
    public long cancellations(MethodDescriptor<?, ?> method) {
        AtomicLong count = cancellations.get(method.getFullMethodName());
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    private void download(byte[] request, StreamObserver<byte[]> observer) {
        ByteBuffer asked = ByteBuffer.wrap(request);
        int count = asked.getInt();
        int size = asked.getInt();
        String tag = StandardCharsets.UTF_8.decode(asked).toString();
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) observer;
        ObservedCall observed = observe(DOWNLOAD, tag, call);
        Runnable pump = new Runnable() {
            private long next;
            private boolean done;

            /** Runs on the call's serialised executor: from {@code download} itself, then on every on-ready. */
            @Override
            public void run() {
                while (!done && next < count && call.isReady() && !call.isCancelled()) {
                    call.onNext(message(next++, size));
                    observed.bytesSent.addAndGet(size);
                    observed.messagesSent.incrementAndGet();
                    bytesSent.addAndGet(size);
                }
                if (!done && next == count && !call.isCancelled()) {
                    done = true;
                    call.onCompleted();
                    observed.completed = true;
                }
            }
        };
        call.setOnReadyHandler(pump);
        // the transport may be ready already: on-ready comes only when it becomes ready again
        pump.run();
    }

    private StreamObserver<byte[]> upload(StreamObserver<byte[]> observer) {
        ((ServerCallStreamObserver<byte[]>) observer).setOnCancelHandler(() -> cancelled(UPLOAD));
        return new StreamObserver<>() {
            private final CRC32 crc = new CRC32();
            private long messages;
            private long bytes;

            @Override
            public void onNext(byte[] message) {
                messages++;
                bytes += message.length;
                crc.update(message);
            }

            @Override
            public void onError(Throwable t) {
                // the client went away: counted by the cancel handler
            }

            @Override
            public void onCompleted() {
                observer.onNext(new UploadSummary(messages, bytes, crc.getValue()).toBytes());
                observer.onCompleted();
            }
        };
    }

    private StreamObserver<byte[]> echoStream(StreamObserver<byte[]> observer) {
        ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) observer;
        call.setOnCancelHandler(() -> cancelled(ECHO_STREAM));
        call.disableAutoRequest();
        // all callbacks of a call run serialised: plain fields are enough
        boolean[] asking = { false };
        call.setOnReadyHandler(() -> {
            if (call.isReady() && !asking[0]) {
                asking[0] = true;
                call.request(1);
            }
        });
        return new StreamObserver<>() {
            @Override
            public void onNext(byte[] message) {
                call.onNext(message);
                if (call.isReady()) {
                    call.request(1);
                } else {
                    // the on-ready handler asks for the next one once the answer went out
                    asking[0] = false;
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away: counted by the cancel handler
            }

            @Override
            public void onCompleted() {
                call.onCompleted();
            }
        };
    }

    private void hang(byte[] request, StreamObserver<byte[]> observer) {
        observe(HANG, new String(request, StandardCharsets.UTF_8), (ServerCallStreamObserver<byte[]>) observer);
    }

    private void cancelled(MethodDescriptor<?, ?> method) {
        cancellations.computeIfAbsent(method.getFullMethodName(), m -> new AtomicLong()).incrementAndGet();
    }

    /** Records a tagged call with the deadline it arrived with, and counts its cancellation when it comes. */
    private ObservedCall observe(MethodDescriptor<?, ?> method, String tag, ServerCallStreamObserver<byte[]> call) {
        Deadline deadline = Context.current().getDeadline();
        ObservedCall observed = new ObservedCall(tag,
                deadline == null ? null : Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS)));
        if (calls.putIfAbsent(tag, observed) != null) {
            throw new IllegalStateException("a call tagged '" + tag + "' arrived already; give each call its own tag");
        }
        call.setOnCancelHandler(() -> {
            observed.cancelled = true;
            cancelled(method);
        });
        return observed;
    }

    private static MethodDescriptor<byte[], byte[]> method(MethodDescriptor.MethodType type, String name) {
        return MethodDescriptor.<byte[], byte[]> newBuilder().setType(type)
                .setFullMethodName("mcw.test.Streams/" + name)
                .setRequestMarshaller(new GrpcEchoBackend.BytesMarshaller())
                .setResponseMarshaller(new GrpcEchoBackend.BytesMarshaller()).build();
    }

    /** A tagged call as the server saw it. */
    public static final class ObservedCall {
        private final String tag;
        private final Duration deadlineAtArrival;
        private final AtomicLong bytesSent = new AtomicLong();
        private final AtomicLong messagesSent = new AtomicLong();
        private volatile boolean cancelled;
        private volatile boolean completed;

        private ObservedCall(String tag, Duration deadlineAtArrival) {
            this.tag = tag;
            this.deadlineAtArrival = deadlineAtArrival;
        }

        public String tag() {
            return tag;
        }

        /** The time the call had left when it arrived (from its {@code grpc-timeout}); empty without a deadline. */
        public Optional<Duration> deadlineAtArrival() {
            return Optional.ofNullable(deadlineAtArrival);
        }

        /** Bytes of messages handed to the transport. */
        public long bytesSent() {
            return bytesSent.get();
        }

        public long messagesSent() {
            return messagesSent.get();
        }

        /** Whether the server saw the call cancelled: by its client (RST_STREAM, a closed connection) or its deadline. */
        public boolean cancelled() {
            return cancelled;
        }

        /** Whether the server sent every message and the OK status. */
        public boolean completed() {
            return completed;
        }
    }

    /**
     * What {@link #UPLOAD} received: the number of messages, their bytes, and the CRC-32 of those bytes in order.
     */
    public record UploadSummary(long messages, long bytes, long crc32) {
        /** The summary of sending {@code messages} in this order. */
        public static UploadSummary of(List<byte[]> messages) {
            CRC32 crc = new CRC32();
            long bytes = 0;
            for (byte[] message : messages) {
                crc.update(message);
                bytes += message.length;
            }
            return new UploadSummary(messages.size(), bytes, crc.getValue());
        }

        public static UploadSummary parse(byte[] answer) {
            ByteBuffer buffer = ByteBuffer.wrap(answer);
            return new UploadSummary(buffer.getLong(), buffer.getLong(), buffer.getLong());
        }

        byte[] toBytes() {
            return ByteBuffer.allocate(3 * Long.BYTES).putLong(messages).putLong(bytes).putLong(crc32).array();
        }
    }
}

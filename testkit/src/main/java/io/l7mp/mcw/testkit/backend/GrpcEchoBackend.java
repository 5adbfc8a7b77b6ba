package io.l7mp.mcw.testkit.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server (grpc-java over HTTP/2 cleartext) with a unary method {@code mcw.test.Echo/Echo} that answers
 * {@code <backend name>:<request>}, and a bidirectional streaming method {@code mcw.test.Echo/Chat} that answers each
 * message as it arrives, before the client has finished sending. Messages are raw UTF-8
 * bytes (a byte marshaller instead of generated protobuf code), which is still the gRPC wire
 * protocol: length-prefixed messages, {@code application/grpc}, trailers with grpc-status.
 */
public final class GrpcEchoBackend implements AutoCloseable {
    public static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]> newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("mcw.test.Echo/Echo")
            .setRequestMarshaller(new BytesMarshaller()).setResponseMarshaller(new BytesMarshaller()).build();

    public static final MethodDescriptor<byte[], byte[]> CHAT = MethodDescriptor.<byte[], byte[]> newBuilder()
            .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName("mcw.test.Echo/Chat")
            .setRequestMarshaller(new BytesMarshaller()).setResponseMarshaller(new BytesMarshaller()).build();

    private final Server server;
    private final AtomicLong calls = new AtomicLong();

    private GrpcEchoBackend(String name) throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder("mcw.test.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, observer) -> {
                    calls.incrementAndGet();
                    observer.onNext((name + ":" + new String(request, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                    observer.onCompleted();
                }))
                .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(observer -> {
                    calls.incrementAndGet();
                    return new StreamObserver<byte[]>() {
                        @Override
                        public void onNext(byte[] message) {
                            observer.onNext((name + ":" + new String(message, StandardCharsets.UTF_8))
                                    .getBytes(StandardCharsets.UTF_8));
                        }

                        @Override
                        public void onError(Throwable t) {
                            // the client went away; nothing to answer
                        }

                        @Override
                        public void onCompleted() {
                            observer.onCompleted();
                        }
                    };
                })).build();
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build()
                .start();
    }

    public static GrpcEchoBackend start(String name) {
        try {
            return new GrpcEchoBackend(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start gRPC backend " + name, e);
        }
    }

    /** Calls Echo over {@code channel} (any target: the backend itself or a proxy in front of it). */
    public static String echo(Channel channel, String message) {
        return new String(ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT.withDeadlineAfter(10,
                TimeUnit.SECONDS), message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /**
     * Chats over {@code channel}: sends each message only once the answer to the previous one has arrived, then
     * completes. Through a proxy that holds the request stream until it ends, the first answer never comes and this
     * fails after {@code timeout} instead of hanging.
     *
     * @return the answers, in order
     */
    public static List<String> chat(Channel channel, List<String> messages, Duration timeout) {
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        ClientCall<byte[], byte[]> call = channel.newCall(CHAT, CallOptions.DEFAULT.withDeadlineAfter(
                timeout.toMillis() * (messages.size() + 1), TimeUnit.MILLISECONDS));
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
            @Override
            public void onNext(byte[] answer) {
                answers.add(new String(answer, StandardCharsets.UTF_8));
            }

            @Override
            public void onError(Throwable t) {
                answers.add(t);
            }

            @Override
            public void onCompleted() {
                // every answer was taken already
            }
        });
        List<String> received = new ArrayList<>();
        try {
            for (String message : messages) {
                requests.onNext(message.getBytes(StandardCharsets.UTF_8));
                Object answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (answer == null) {
                    throw new IllegalStateException("no answer to '" + message + "' within " + timeout
                            + " (received so far: " + received + ")");
                }
                if (answer instanceof Throwable t) {
                    throw new IllegalStateException("chat failed after " + received + ": " + t.getMessage(), t);
                }
                received.add((String) answer);
            }
            requests.onCompleted();
            return received;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while chatting", e);
        } catch (RuntimeException e) {
            call.cancel("chat failed", e);
            throw e;
        }
    }

    public int port() {
        return server.getPort();
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
    }

    /** Messages as raw bytes; shared with {@link GrpcStreamsBackend}. */
    static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

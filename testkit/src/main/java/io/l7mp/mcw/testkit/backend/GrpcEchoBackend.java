package io.l7mp.mcw.testkit.backend;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;

/**
 * A real gRPC server (grpc-java over HTTP/2 cleartext) with one unary method
 * {@code mcw.test.Echo/Echo} that answers {@code <backend name>:<request>}. Messages are raw UTF-8
 * bytes (a byte marshaller instead of generated protobuf code), which is still the gRPC wire
 * protocol: length-prefixed messages, {@code application/grpc}, trailers with grpc-status.
 */
public final class GrpcEchoBackend implements AutoCloseable {
    public static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]> newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("mcw.test.Echo/Echo")
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

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
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

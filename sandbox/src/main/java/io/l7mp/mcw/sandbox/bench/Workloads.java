package io.l7mp.mcw.sandbox.bench;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.l7mp.mcw.sandbox.bench.BenchmarkReport.Targets;
import io.l7mp.mcw.sandbox.bench.BenchmarkReport.Unit;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Target;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;

/**
 * The gateway benchmark's workloads, one per kind of load; each a thin binding of a load generator to a service and
 * the settings of the run. A target must pass a workload's check (one exchange through it, retried for up to a
 * minute while the path comes up) before it is measured.
 */
final class Workloads {

    private static final Duration CHECK_TIME = Duration.ofMinutes(1);
    private static final double MIB = 1024.0 * 1024.0;

    private Workloads() {
    }

    /** Issue 3's load: HTTP/1.1 keep-alive GETs of {@code responseBytes}, from {@link LoadGenerator}. */
    record Http1(LoadGenerator generator, BenchService service, int responseBytes, int connections)
            implements
                Workload {

        public Protocol protocol() {
            return Protocol.HTTP1;
        }

        public String title() {
            return "HTTP/1.1";
        }

        public String description() {
            return String.format(Locale.ROOT, "%d B responses, %d connections", responseBytes, connections);
        }

        public Unit unit() {
            return Unit.REQUESTS;
        }

        public Targets targets() {
            return Targets.LATENCY_AND_THROUGHPUT;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.HTTP1;
        }

        public boolean hasOpenLoop() {
            return true;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            return generator.closedLoop(target(target), connections, duration);
        }

        @Override
        public Result openLoop(Endpoint target, double rate, Duration settle, Duration duration) {
            return generator.openLoop(target(target), rate, settle, duration, connections);
        }

        private Target target(Endpoint target) {
            return new Target(target.name(), target.host(), target.port(), target.authority(),
                    "/bytes/" + responseBytes);
        }

        /** One GET must answer 200 with the expected body size. */
        public void check(Endpoint target) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            URI uri = URI.create("http://" + target.host() + ":" + target.port() + "/bytes/" + responseBytes);
            await(target.name() + " answers " + uri).atMost(CHECK_TIME).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(5)).header("x-mcw-bench", "check").build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        return response.statusCode() == 200 && response.body().length == responseBytes;
                    });
        }
    }

    /** GETs of {@code responseBytes} over HTTP/2 with prior knowledge, from h2load: a closed loop only. */
    record H2c(Path h2load, Path dir, BenchService service, int responseBytes, int connections, int streams)
            implements
                Workload {

        public Protocol protocol() {
            return Protocol.H2C;
        }

        public String title() {
            return "h2c";
        }

        public String description() {
            return String.format(Locale.ROOT, "GET of %d B over HTTP/2 with prior knowledge, `h2load -t1 -c%d -m%d`",
                    responseBytes, connections, streams);
        }

        public Unit unit() {
            return Unit.REQUESTS;
        }

        public Targets targets() {
            return Targets.NONE;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.H2;
        }

        public boolean hasOpenLoop() {
            return false;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            try {
                return H2load.run(h2load, target, "/bytes/" + responseBytes, connections, streams, duration, dir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot run h2load against " + target.name() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running h2load against " + target.name(), e);
            }
        }

        /** A second of h2load must get nothing but 2xx answers with bodies. */
        public void check(Endpoint target) {
            await(target.name() + " answers h2c").atMost(CHECK_TIME).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        Result result = H2load.run(h2load, target, "/bytes/" + responseBytes, 1, 1,
                                Duration.ofSeconds(1), dir);
                        return result.ok() > 0 && result.errors() == 0 && result.bytes() >= result.ok() * responseBytes;
                    });
        }
    }

    /** gRPC Echo calls of {@code messageBytes}: {@code connections} x {@code streams} in flight in the closed loop. */
    record GrpcUnary(GrpcLoadGenerator generator, BenchService service, int connections, int streams,
            int messageBytes) implements Workload {

        public Protocol protocol() {
            return Protocol.GRPC;
        }

        public String title() {
            return "gRPC unary";
        }

        public String description() {
            return String.format(Locale.ROOT, "Echo calls of %d B, %d connections, %d calls in flight in the closed"
                    + " loop", messageBytes, connections, connections * streams);
        }

        public Unit unit() {
            return Unit.CALLS;
        }

        public Targets targets() {
            return Targets.ALL;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.H2;
        }

        public boolean hasOpenLoop() {
            return true;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            return generator.unaryClosedLoop(target, connections, connections * streams, messageBytes, duration);
        }

        @Override
        public Result openLoop(Endpoint target, double rate, Duration settle, Duration duration) {
            return generator.unaryOpenLoop(target, rate, settle, duration, connections, messageBytes);
        }

        /** One Echo call must come back with the backend's name and the message. */
        public void check(Endpoint target) {
            withChannel(target, channel -> GrpcEchoBackend.echo(channel, "check").endsWith(":check"));
        }
    }

    /** Bidirectional Chat streams of {@code messageBytes} messages, as fast as flow control lets them go. */
    record GrpcStream(GrpcLoadGenerator generator, BenchService service, int streams, int messageBytes)
            implements
                Workload {

        public Protocol protocol() {
            return Protocol.GRPC;
        }

        public String title() {
            return "gRPC streaming";
        }

        public String description() {
            return String.format(Locale.ROOT, "%d bidirectional Chat stream%s (one per connection) of %d B messages,"
                    + " MiB/s echoed back (each MiB crosses the pair twice)", streams, streams == 1 ? "" : "s",
                    messageBytes);
        }

        public Unit unit() {
            return Unit.MIB;
        }

        public Targets targets() {
            return Targets.NONE;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.H2;
        }

        public boolean hasOpenLoop() {
            return false;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            return generator.streaming(target, streams, messageBytes, duration);
        }

        @Override
        public double units(Result result) {
            return result.bytes() / MIB;
        }

        /** Two messages must come back, each answered before the next is sent. */
        public void check(Endpoint target) {
            withChannel(target, channel -> GrpcEchoBackend.chat(channel, List.of("a", "b"), Duration.ofSeconds(5))
                    .stream().allMatch(answer -> answer.endsWith(":a") || answer.endsWith(":b")));
        }
    }

    /** TCP echo round trips of {@code messageBytes}, one in flight on each of {@code connections}. */
    record TcpEcho(TcpLoadGenerator generator, BenchService service, int connections, int messageBytes)
            implements
                Workload {

        public Protocol protocol() {
            return Protocol.TCP;
        }

        public String title() {
            return "TCP echo";
        }

        public String description() {
            return String.format(Locale.ROOT, "round trips of %d B, %d connections, one in flight on each",
                    messageBytes, connections);
        }

        public Unit unit() {
            return Unit.ROUND_TRIPS;
        }

        public Targets targets() {
            return Targets.ALL;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.TCP;
        }

        public boolean hasOpenLoop() {
            return true;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            return generator.echoClosedLoop(target, connections, messageBytes, duration);
        }

        @Override
        public Result openLoop(Endpoint target, double rate, Duration settle, Duration duration) {
            return generator.echoOpenLoop(target, rate, settle, duration, connections, messageBytes);
        }

        /** One message must come back whole. */
        public void check(Endpoint target) {
            byte[] message = new byte[messageBytes];
            Arrays.fill(message, (byte) 'c');
            withSocket(target, socket -> {
                socket.getOutputStream().write(message);
                return Arrays.equals(socket.getInputStream().readNBytes(messageBytes), message);
            });
        }
    }

    /** Bytes from a server that writes without end, over {@code connections}. */
    record TcpBulk(TcpLoadGenerator generator, BenchService service, int connections) implements Workload {

        public Protocol protocol() {
            return Protocol.TCP;
        }

        public String title() {
            return "TCP bulk";
        }

        public String description() {
            return String.format(Locale.ROOT, "bytes from the server to the client, %d connection%s", connections,
                    connections == 1 ? "" : "s");
        }

        public Unit unit() {
            return Unit.MIB;
        }

        public Targets targets() {
            return Targets.NONE;
        }

        public HaproxyPair.Mode haproxyMode() {
            return HaproxyPair.Mode.TCP;
        }

        public boolean hasOpenLoop() {
            return false;
        }

        public Result closedLoop(Endpoint target, Duration duration) {
            return generator.bulk(target, connections, duration);
        }

        @Override
        public double units(Result result) {
            return result.bytes() / MIB;
        }

        /** A mebibyte must arrive. */
        public void check(Endpoint target) {
            withSocket(target, socket -> {
                InputStream in = socket.getInputStream();
                return in.readNBytes((int) MIB).length == (int) MIB;
            });
        }
    }

    /** Something done over a fresh channel to {@code target} must succeed, retried for up to a minute. */
    private static void withChannel(Endpoint target, Predicate<ManagedChannel> exchange) {
        await(target.name() + " answers gRPC").atMost(CHECK_TIME).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    ManagedChannel channel = NettyChannelBuilder.forAddress(target.host(), target.port())
                            .usePlaintext().overrideAuthority(target.authority()).build();
                    try {
                        return exchange.test(channel);
                    } finally {
                        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    }
                });
    }

    /** An exchange over a fresh TCP connection to {@code target} must succeed, retried for up to a minute. */
    private static void withSocket(Endpoint target, SocketExchange exchange) {
        await(target.name() + " answers TCP").atMost(CHECK_TIME).pollInterval(Duration.ofMillis(500))
                .ignoreExceptions().until(() -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(target.host(), target.port()), 2_000);
                        socket.setSoTimeout(5_000);
                        return exchange.test(socket);
                    }
                });
    }

    @FunctionalInterface
    private interface SocketExchange {
        boolean test(Socket socket) throws IOException;
    }
}

package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.GrpcStreamReader;
import io.l7mp.mcw.testkit.backend.GrpcStreamsBackend;

/**
 * A slow gRPC reader does not make the gateways buffer without bound (issue 15), with the gateways as processes on a
 * small heap: a client in cluster-2 pulls a 512 MiB server stream from a backend cluster-1 exports, through cluster-2's
 * egress, the WAN emulator and cluster-1's ingress. While the client reads nothing, what the backend sent beyond what
 * the client got stays within the path's windows and buffers, far below the stream and the gateways' heaps; then the
 * client reads everything, and both gateways are still alive, with no OutOfMemoryError in their logs, and serving.
 */
class GrpcBackPressureIT {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String NS = "streams";
    private static final String GATEWAY = "gateway-service";
    private static final int MIB = 1024 * 1024;
    /**
     * The heap of every service process, the gateways' included; Netty's direct memory has the same limit (by default
     * the JVM's and Netty's limit is the heap's maximum). Every service starts and this test passes with 24 MiB
     * (16 MiB: OutOfMemoryError at start); 64 MiB leaves the gateways room for their ordinary work, and the stream is
     * eight times as large.
     */
    private static final String HEAP = "-Xmx64m";
    private static final int MESSAGE_SIZE = 128 * 1024;
    /** 512 MiB. */
    private static final int MESSAGES = 4096;
    /**
     * What may be in flight between the backend and a client that stopped reading: three HTTP/2 hops (backend to
     * cluster-1's gateway, gateway to gateway across the emulator, cluster-2's gateway to the client), each holding at
     * most its stream's flow-control window plus what its sender queued once the window closed; the client's own
     * window is grpc-java's 1 MiB (up to 8 MiB as its BDP estimate grows); socket buffers hold only bytes inside those
     * windows. Measured: 1 MiB with the gateways that handed HTTP/2 to Vert.x' server and client, 2.4 MiB with the
     * HTTP/2 frame relay. 32 MiB leaves room for larger windows and is half of a gateway's heap; a gateway that did
     * not pause its upstream got 55 MiB in and stalled, out of direct memory.
     */
    private static final long IN_FLIGHT_BOUND = 32L * MIB;
    private static final Duration WAIT = Duration.ofMinutes(2);

    private static Sandbox sandbox;
    private static GrpcStreamsBackend backend;
    private static ManagedChannel channel;

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        backend = GrpcStreamsBackend.start();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-grpc-back-pressure"))
                .withServices(List.of("policy-service", "export-service", "import-service", GATEWAY))
                .withJvmArgs(List.of(HEAP, "-XX:+UseSerialGC"))
                .withClusters(2));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), root.resolve("k8s/examples/service-level/wanpolicies.yaml"));
            Fixtures.namespace(sandbox.client(cluster), NS);
        }
        // cluster-1: the backend as the endpoint of streams/streams (port name grpc), exported on the high tunnel
        YamlApplier.apply(sandbox.client(C1), """
                apiVersion: v1
                kind: Service
                metadata: {name: streams, namespace: %1$s}
                spec:
                  selector: {app: streams}
                  ports: [{name: grpc, protocol: TCP, port: 9090, targetPort: %2$d}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: streams-1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: streams}
                addressType: IPv4
                ports: [{name: grpc, protocol: TCP, port: %2$d}]
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                """.formatted(NS, backend.port()));
        Fixtures.createExport(sandbox.client(C1), NS, "streams", Fixtures.HIGH);
        int egress = await("cluster-2 imports " + NS + "/streams with an egress port").atMost(WAIT)
                .until(GrpcBackPressureIT::egressPort, port -> port > 0);
        channel = ManagedChannelBuilder.forAddress(sandbox.address(C2), egress).usePlaintext().build();
        await("a unary call through " + C2 + "'s egress port " + egress).atMost(WAIT).ignoreExceptions()
                .untilAsserted(() -> assertThat(unary("ready?")).isEqualTo("ready?"));
    }

    @AfterAll
    static void stopSandbox() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void aSlowReaderHoldsTheStreamBackWithoutGrowingTheGatewaysAndThenGetsEveryByte() throws Exception {
        // Given: 512 MiB on offer, of which the client asks for one message
        GrpcStreamReader reader = GrpcStreamReader.start(channel, CallOptions.DEFAULT.withDeadlineAfter(5,
                TimeUnit.MINUTES), "slow-reader", MESSAGES, MESSAGE_SIZE, 1);
        await("the first message").atMost(WAIT).until(() -> reader.messagesReceived() == 1);

        // When: the backend stopped, held back by flow control
        long sent = settled(() -> backend.call("slow-reader").orElseThrow().bytesSent());

        // Then: what it sent beyond what the client got is within the path's windows and buffers
        assertThat(sent - reader.bytesReceived()).as("bytes in flight between the backend and the client")
                .isLessThan(IN_FLIGHT_BOUND);
        // and once the client reads, every byte arrives, in order, with the trailers
        reader.requestRest();
        assertThat(reader.finished()).succeedsWithin(WAIT).isEqualTo(Status.OK);
        assertThat(reader.problem()).isNull();
        assertThat(reader.bytesReceived()).isEqualTo(512L * MIB);
        // and both gateways lived through it on their small heaps, and still serve
        for (String cluster : sandbox.clusters()) {
            ServiceProcess gateway = sandbox.process(cluster, GATEWAY);
            assertThat(gateway.isAlive()).as(gateway.name() + " is alive").isTrue();
            assertThat(Files.readString(gateway.logFile())).as(gateway.name() + "'s log")
                    .doesNotContain("OutOfMemoryError", "OutOfDirectMemoryError");
        }
        assertThat(unary("still there?")).isEqualTo("still there?");
    }

    private static String unary(String message) {
        return new String(ClientCalls.blockingUnaryCall(channel, GrpcStreamsBackend.UNARY,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), message.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    /** The value once it stopped moving: the same in two reads half a second apart. */
    private static long settled(LongSupplier value) {
        long[] last = { -1 };
        await("the backend stops sending").atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            long now = value.getAsLong();
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    /** The port cluster-2's gateway listens on for streams' port grpc; 0 while it has none. */
    private static int egressPort() {
        return Fixtures.serviceImport(sandbox.client(C2), NS, "streams")
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a.get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .filter(a -> !a.isBlank())
                .flatMap(a -> EgressPortAnnotation.parse(a).stream().filter(p -> "grpc".equals(p.name())).findFirst())
                .map(EgressPort::egressPort)
                .orElse(0);
    }
}

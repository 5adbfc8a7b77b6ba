package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;
import io.l7mp.mcw.testkit.wan.WanPath;

/**
 * Tunnel failover end to end (issue 10): three clusters with every service from its packaged jar, every
 * cross-cluster byte and probe through the sandbox's WAN emulator. cluster-2's clients call {@code secure/payment},
 * exported by cluster-1 with the business policy (31111, 100 ms SLA, failover to the internet policy, 5 s
 * hold-down); the tests cut, delay and flap the business tunnel from cluster-2 to cluster-1 and watch where the
 * requests go (cluster-1's ingress counters per tunnel port), what cluster-2's gateway says (its metrics and its
 * switch counter) and what cluster-2's ServiceImport says. They share the clusterset, so they run in order and each
 * leaves the WAN as it found it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String C3 = "cluster-3";
    private static final String NS = "secure";
    private static final String GATEWAY = "gateway-service";
    private static final int BUSINESS = 31111;
    private static final int INTERNET = 31112;
    private static final int HOLD_DOWN_SECONDS = 5;
    private static final String POLICIES = """
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata: {name: sd-wan-priority-high}
            spec:
              tunnel: business
              port: 31111
              sla: {latency-ms: 100, jitter-ms: 50, loss-percent: 1}
              failover: {policies: [sd-wan-priority-low], hold-down-seconds: %d}
            ---
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata: {name: sd-wan-priority-low}
            spec:
              tunnel: internet
              port: 31112
              sla: {latency-ms: 300, jitter-ms: 100, loss-percent: 5}
            """.formatted(HOLD_DOWN_SECONDS);

    private static Sandbox sandbox;
    private static HttpBackend payment;
    private static HttpBackend payment3;
    private static GrpcEchoBackend greeter;
    private static TcpEchoBackend echo;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        payment = HttpBackend.start("payment-cluster-1");
        payment3 = HttpBackend.start("payment-cluster-3");
        greeter = GrpcEchoBackend.start("greeter");
        echo = TcpEchoBackend.start();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-failover"))
                .withClusters(3));
        Awaitility.setDefaultTimeout(Duration.ofMinutes(2));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(100));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), POLICIES);
            Fixtures.namespace(sandbox.client(cluster), NS);
        }
        createService(client(C1), "payment", "http", 8080, payment.port());
        Fixtures.createExport(client(C1), NS, "payment", Fixtures.HIGH);
        createService(client(C1), "greeter", "grpc", 9090, greeter.port());
        Fixtures.createExport(client(C1), NS, "greeter", Fixtures.HIGH);
        createService(client(C1), "echo", "tcp", 7000, echo.port());
        Fixtures.createExport(client(C1), NS, "echo", Fixtures.HIGH);
        // cluster-3 has payment too, exported only for the last test
        createService(client(C3), "payment", "http", 8080, payment3.port());
        for (String name : List.of("payment", "greeter", "echo")) {
            await(C2 + " imports secure/" + name).until(() -> egressPort(name) > 0);
        }
        await("payment answers through " + C2 + "'s egress").ignoreExceptions()
                .until(() -> get("/warm-up").statusCode() == 200);
        awaitPreferred();
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        for (AutoCloseable backend : Arrays.asList(payment, payment3, greeter, echo)) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    @AfterEach
    void healTheWan() {
        sandbox.wan().paths("*", "*", "*").clear();
    }

    @Test
    @Order(1)
    void aBlackholedTunnelUnderSteadyLoadMovesTheTrafficToInternetWithoutAFailedGet() throws Exception {
        try (SteadyLoad load = SteadyLoad.start(egressPort("payment"))) {
            load.awaitRequests(50);
            // When
            long cut = System.nanoTime();
            business().blackhole();

            // Then
            await("cluster-2 fails over to internet").untilAsserted(() -> assertThat(tunnel(C1)).isEqualTo("internet"));
            System.out.printf("[failover] blackhole: switch seen in the metrics %d ms after the cut%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut));
            // the reason is the probes' DOWN, or on a loaded machine an SLA the business tunnel broke just before
            await("the switch is logged with its reason").untilAsserted(() -> assertThat(gatewayLog(C2)).containsPattern(
                    "tunnel switch destination=cluster-1 policy=sd-wan-priority-high from=business\\(31111\\) "
                            + "to=internet\\(31112\\) kind=[A-Z_]+ reason=\"[^\"]+\""));
            double business = ingressRequests(BUSINESS);
            double internet = ingressRequests(INTERNET);
            load.awaitRequests(100);
            assertThat(ingressRequests(INTERNET)).isGreaterThan(internet);
            assertThat(ingressRequests(BUSINESS)).isEqualTo(business);
            load.stop();
            assertThat(load.failures()).as("failed GETs").isEmpty();
            assertThat(load.succeeded()).isGreaterThan(100);
        }
    }

    @Test
    @Order(2)
    void aRestoredTunnelGetsTheTrafficBackAfterTheHoldDownAndNotBefore() {
        // Given: traffic on internet after a cut
        business().blackhole();
        await().untilAsserted(() -> assertThat(tunnel(C1)).isEqualTo("internet"));

        // When
        long restored = System.nanoTime();
        business().restore();

        // Then: on internet while business proves itself, then back
        await("the hold-down starts").untilAsserted(() -> assertThat(choice(C1)).isEqualTo("hold_down"));
        assertThat(tunnel(C1)).isEqualTo("internet");
        double internet = ingressRequests(INTERNET);
        assertThat(get("/during-the-hold-down").statusCode()).isEqualTo(200);
        assertThat(ingressRequests(INTERNET)).isGreaterThan(internet);
        await("fail back").untilAsserted(() -> assertThat(choice(C1)).isEqualTo("preferred"));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restored);
        System.out.printf("[failover] fail back %d ms after the restore (hold-down %d s)%n", tookMillis,
                HOLD_DOWN_SECONDS);
        assertThat(tookMillis).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toMillis(HOLD_DOWN_SECONDS));
        double business = ingressRequests(BUSINESS);
        assertThat(get("/after-the-hold-down").statusCode()).isEqualTo(200);
        assertThat(ingressRequests(BUSINESS)).isGreaterThan(business);
    }

    @Test
    @Order(3)
    void aResetTunnelUnderSteadyLoadIsLeftAtOnceWithoutAFailedGet() throws Exception {
        awaitPreferred();
        try (SteadyLoad load = SteadyLoad.start(egressPort("payment"))) {
            load.awaitRequests(50);
            // When
            long cut = System.nanoTime();
            business().reset();

            // Then
            await("cluster-2 fails over to internet").untilAsserted(() -> assertThat(tunnel(C1)).isEqualTo("internet"));
            System.out.printf("[failover] reset: switch seen in the metrics %d ms after the cut%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut));
            double internet = ingressRequests(INTERNET);
            load.awaitRequests(100);
            assertThat(ingressRequests(INTERNET)).isGreaterThan(internet);
            load.stop();
            assertThat(load.failures()).as("failed GETs").isEmpty();
            assertThat(sandbox.wan().path(C2, C1, "business").counters().connectionsReset()).isPositive();
        }
    }

    @Test
    @Order(4)
    void aTunnelThatBreaksTheSlaLosesItsFlowsAndTheServiceImportSaysWhetherThePolicyIsSatisfied() throws Exception {
        awaitPreferred();
        await("WANPolicySatisfied True").untilAsserted(() -> assertThat(wanCondition()).containsEntry("status",
                "True"));

        // When: business's round trip rises to 160 ms, above the 100 ms SLA
        business().delay(Duration.ofMillis(80));

        // Then: its flows move to internet, which meets the SLA
        await("flows leave business").untilAsserted(() -> assertThat(tunnel(C1)).isEqualTo("internet"));
        assertThat(choice(C1)).isEqualTo("failover");
        assertThat(gatewayLog(C2)).contains("kind=FAILOVER reason=\"business DEGRADED: ");
        await("the import tells the tunnel in use").untilAsserted(() -> assertThat(tunnelStatus())
                .containsEntry("tunnel", "internet"));

        // When: internet is slow too: no tunnel meets the SLA
        internetPath().delay(Duration.ofMillis(80));
        await("WANPolicySatisfied False").untilAsserted(() -> assertThat(wanCondition()).containsEntry("status",
                "False"));

        // Then: after recovery the policy is satisfied again
        sandbox.wan().paths("*", "*", "*").clear();
        await("WANPolicySatisfied True again").untilAsserted(() -> assertThat(wanCondition())
                .containsEntry("status", "True"));
    }

    @Test
    @Order(5)
    void aTunnelFlappingEveryTwoSecondsDoesNotMakeTheTrafficFlap() throws Exception {
        awaitPreferred();
        double before = switches();
        try (SteadyLoad load = SteadyLoad.start(egressPort("payment"))) {
            // When: 30 s of business down 1 s, up 1 s
            for (int i = 0; i < 15; i++) {
                business().blackhole();
                Thread.sleep(1000);
                business().restore();
                Thread.sleep(1000);
            }
            load.stop();

            // Then: one switch away and none back while it flaps: it never stays healthy for the hold-down
            double flapped = switches() - before;
            System.out.printf("[failover] flapping 15 times in 30 s: %.0f switches%n", flapped);
            assertThat(flapped).isBetween(1.0, 2.0);
            assertThat(load.failures()).as("failed GETs").isEmpty();
        }
    }

    @Test
    @Order(6)
    void aTcpConnectionAndAGrpcStreamOnATunnelThatDiesAreClosedAndReestablishedOnTheBackup() throws Exception {
        awaitPreferred();
        int echoPort = egressPort("echo");
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        ManagedChannel channel = ManagedChannelBuilder.forAddress(sandbox.address(C2), egressPort("greeter"))
                .usePlaintext().build();
        try (Socket socket = new Socket(sandbox.address(C2), echoPort)) {
            // Given: a TCP connection and a gRPC stream, both carried on business
            socket.setSoTimeout(30_000);
            assertThat(roundTrip(socket, "before the cut")).isEqualTo("before the cut");
            StreamObserver<byte[]> stream = chat(channel, answers);
            stream.onNext("one".getBytes(StandardCharsets.UTF_8));
            assertThat(answers.poll(15, TimeUnit.SECONDS)).isEqualTo("greeter:one");

            // When
            business().blackhole();

            // Then: both are closed, not left hanging on the dead tunnel
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(answers.poll(30, TimeUnit.SECONDS)).isInstanceOf(Throwable.class);
        }
        // and both work again over internet
        long internetBytes = internetPath().counters().bytesForward();
        try (Socket socket = new Socket(sandbox.address(C2), echoPort)) {
            socket.setSoTimeout(15_000);
            assertThat(roundTrip(socket, "after the cut")).isEqualTo("after the cut");
        }
        assertThat(GrpcEchoBackend.chat(channel, List.of("two"), Duration.ofSeconds(15))).containsExactly(
                "greeter:two");
        assertThat(internetPath().counters().bytesForward()).isGreaterThan(internetBytes);
        channel.shutdownNow();
    }

    @Test
    @Order(7)
    void whenEveryTunnelToTheExportingClusterIsDownAnotherExportingClusterServes() {
        // Given: cluster-3 exports payment too
        Fixtures.createExport(client(C3), NS, "payment", Fixtures.HIGH);
        await("cluster-2 imports payment from two clusters").untilAsserted(() -> assertThat(
                Fixtures.serviceImport(client(C2), NS, "payment").orElseThrow().getStatus().getClusters())
                .hasSize(2));
        awaitPreferred();

        // When: every tunnel into cluster-1 is cut
        sandbox.wan().paths("*", C1, "*").blackhole();
        await("cluster-1 is down from cluster-2").untilAsserted(() -> assertThat(choice(C1)).isEqualTo("all_down"));

        // Then: cluster-3 serves every request
        long cluster1 = payment.requests();
        long cluster3 = payment3.requests();
        for (int i = 0; i < 20; i++) {
            assertThat(get("/while-cluster-1-is-cut").statusCode()).isEqualTo(200);
        }
        assertThat(payment.requests()).isEqualTo(cluster1);
        assertThat(payment3.requests()).isEqualTo(cluster3 + 20);

        // When: cluster-1 is reachable again, it serves again
        sandbox.wan().paths("*", C1, "*").restore();
        await("cluster-1 serves again").untilAsserted(() -> {
            get("/after-recovery");
            assertThat(payment.requests()).isGreaterThan(cluster1);
        });
    }

    // --- the load -------------------------------------------------------------------------------------------------

    /** GETs to an egress port from four threads, one after another, each recording what went wrong. */
    private static final class SteadyLoad implements AutoCloseable {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong succeeded = new AtomicLong();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        private SteadyLoad(int port) {
            this.port = port;
        }

        static SteadyLoad start(int port) {
            SteadyLoad load = new SteadyLoad(port);
            for (int i = 0; i < 4; i++) {
                Thread thread = new Thread(load::run, "steady-load-" + i);
                thread.setDaemon(true);
                load.threads.add(thread);
                thread.start();
            }
            return load;
        }

        private void run() {
            long n = 0;
            while (running.get()) {
                String path = "/steady/" + Thread.currentThread().getName() + "/" + n++;
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://"
                            + sandbox.address(C2) + ":" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        succeeded.incrementAndGet();
                    } else {
                        failures.add(path + ": " + response.statusCode() + " " + response.body());
                    }
                    Thread.sleep(10);
                } catch (IOException e) {
                    failures.add(path + ": " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void awaitRequests(long more) {
            long target = succeeded.get() + more;
            await().atMost(Duration.ofSeconds(60)).until(() -> succeeded.get() >= target);
        }

        long succeeded() {
            return succeeded.get();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static WanPath business() {
        return sandbox.wan().path(C2, C1, "business");
    }

    private static WanPath internetPath() {
        return sandbox.wan().path(C2, C1, "internet");
    }

    private static void awaitPreferred() {
        await("cluster-2 on business").untilAsserted(() -> {
            assertThat(choice(C1)).isEqualTo("preferred");
            assertThat(tunnel(C1)).isEqualTo("business");
        });
    }

    /** The tunnel cluster-2's gateway sends the high policy's traffic to {@code cluster} over (its metrics). */
    private static String tunnel(String cluster) {
        return labelOfOne(metrics(C2), "mcw_gateway_active_tunnel{", cluster, "tunnel");
    }

    /** Why cluster-2's gateway uses that tunnel: PREFERRED, FAILOVER, HOLD_DOWN, SLA_UNMET or ALL_DOWN. */
    private static String choice(String cluster) {
        return labelOfOne(metrics(C2), "mcw_gateway_tunnel_choice{", cluster, "kind");
    }

    /** The value of {@code label} on the one sample of {@code prefix} for the high policy to {@code cluster} at 1. */
    private static String labelOfOne(String metrics, String prefix, String cluster, String label) {
        List<String> ones = Arrays.stream(metrics.split("\n"))
                .filter(l -> l.startsWith(prefix) && l.contains("destination_cluster=\"" + cluster + "\"")
                        && l.contains("policy=\"" + Fixtures.HIGH + "\"") && l.endsWith(" 1.0"))
                .toList();
        assertThat(ones).as(prefix + " at 1 for " + cluster).hasSize(1);
        String line = ones.get(0);
        int start = line.indexOf(label + "=\"") + label.length() + 2;
        return line.substring(start, line.indexOf('"', start));
    }

    private static String gatewayLog(String cluster) throws IOException {
        return Files.readString(sandbox.process(cluster, GATEWAY).logFile());
    }

    /** The {@code WANPolicySatisfied} condition of cluster-2's ServiceImport payment, as a map; empty if none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> wanCondition() {
        Map<String, Object> status = importStatus();
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.getOrDefault("conditions",
                List.of());
        return conditions.stream().filter(c -> "WANPolicySatisfied".equals(c.get("type"))).findFirst()
                .orElse(Map.of());
    }

    /** The tunnel entry of cluster-2's ServiceImport payment for cluster-1; empty if none. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tunnelStatus() {
        List<Map<String, Object>> tunnels = (List<Map<String, Object>>) importStatus().getOrDefault("tunnels",
                List.of());
        return tunnels.stream().filter(t -> C1.equals(t.get("cluster"))).findFirst().orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> importStatus() {
        GenericKubernetesResource object = client(C2).genericKubernetesResources("multicluster.x-k8s.io/v1beta1",
                "ServiceImport").inNamespace(NS).withName("payment").get();
        if (object == null || object.getAdditionalProperties().get("status") == null) {
            return Map.of();
        }
        return (Map<String, Object>) object.getAdditionalProperties().get("status");
    }

    private static double switches() {
        return metric(C2, "mcw_gateway_tunnel_switches_total{", "destination_cluster=\"" + C1 + "\"");
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.address(C2) + ":"
                    + egressPort("payment") + path)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static StreamObserver<byte[]> chat(ManagedChannel channel, BlockingQueue<Object> answers) {
        ClientCall<byte[], byte[]> call = channel.newCall(GrpcEchoBackend.CHAT, CallOptions.DEFAULT);
        return ClientCalls.asyncBidiStreamingCall(call, new StreamObserver<>() {
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
                answers.add(new IllegalStateException("the stream ended"));
            }
        });
    }

    private static String roundTrip(Socket socket, String line) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return new String(in.readNBytes(line.length() + 1), StandardCharsets.UTF_8).trim();
    }

    /** Requests cluster-1's gateway counted on its ingress listener at {@code tunnelPort} (its /q/metrics). */
    private static double ingressRequests(int tunnelPort) {
        return metric(C1, "mcw_gateway_requests_total{", "direction=\"ingress\"",
                "tunnel_port=\"" + tunnelPort + "\"", "service=\"" + NS + "/payment\"");
    }

    private static double metric(String cluster, String prefix, String... labels) {
        double sum = 0;
        for (String line : metrics(cluster).split("\n")) {
            if (line.startsWith(prefix) && Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String metrics(String cluster) {
        URI uri = URI.create("http://127.0.0.1:" + sandbox.httpPort(cluster, GATEWAY) + "/q/metrics");
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The egress port cluster-2's gateway listens on for {@code name}'s first port; 0 while there is none. */
    private static int egressPort(String name) {
        return Fixtures.serviceImport(client(C2), NS, name)
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a.get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .filter(a -> !a.isBlank())
                .map(a -> EgressPortAnnotation.parse(a).stream().mapToInt(EgressPort::egressPort).findFirst()
                        .orElse(0))
                .orElse(0);
    }

    /** A Service with one TCP port and its EndpointSlice: one ready endpoint on 127.0.0.1, a backend of this JVM. */
    private static void createService(KubernetesClient client, String name, String portName, int port,
            int backendPort) {
        client.resource(new ServiceBuilder()
                .withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name))
                .addNewPort().withName(portName).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(backendPort)).endPort()
                .endSpec().build()).create();
        client.resource(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(NS).withName(name + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName(portName).withProtocol("TCP").withPort(backendPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
    }

    private static KubernetesClient client(String cluster) {
        return sandbox.client(cluster);
    }
}

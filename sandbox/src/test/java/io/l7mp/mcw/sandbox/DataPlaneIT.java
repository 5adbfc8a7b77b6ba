package io.l7mp.mcw.sandbox;

import static io.l7mp.mcw.sandbox.Fixtures.HIGH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.backend.TcpEchoBackend;

/**
 * The data plane end to end (issue 3): policy-, export-, import- and gateway-service of two clusters run from their
 * packaged jars; cluster-N's gateway binds 127.0.0.N. Backends run in this JVM on 127.0.0.1 and are cluster-1's
 * endpoints; clients send from cluster-2's egress listeners, and cluster-1's ingress counters (its /q/metrics) tell
 * which tunnel port a request entered on. The tests share the counters, so they run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataPlaneIT {

    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String NS = "secure";
    private static final String GATEWAY = "gateway-service";
    private static final int HIGH_PORT = 31111;
    private static final int LOW_PORT = 31112;
    private static final String PAYMENT_HOST = "payment.secure.svc.clusterset.local";
    private static final List<String> SERVICES = List.of("policy-service", "export-service", "import-service",
            GATEWAY);

    private static Sandbox sandbox;
    private static Path examples;
    private static HttpBackend payment;
    private static HttpBackend ledger;
    private static GrpcEchoBackend greeter;
    private static TcpEchoBackend echo;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void startSandbox() throws Exception {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        examples = root.resolve("k8s").resolve("examples");
        payment = HttpBackend.start("payment");
        ledger = HttpBackend.start("ledger");
        greeter = GrpcEchoBackend.start("greeter");
        echo = TcpEchoBackend.start();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-dataplane"))
                .withServices(SERVICES)
                .withClusters(2));
        Awaitility.setDefaultTimeout(Duration.ofMinutes(2));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), examples.resolve("service-level/wanpolicies.yaml"));
            Fixtures.namespace(sandbox.client(cluster), NS);
        }

        // cluster-1: the examples' Services, each with an EndpointSlice of its backend, and their ServiceExports
        createWithBackend(examples.resolve("service-level/payment-service.yaml"), payment.port());
        YamlApplier.apply(c1(), examples.resolve("service-level/payment-export.yaml"));
        createWithBackend(examples.resolve("l7/payment-tunnels.yaml"), payment.port());
        createService("greeter", "grpc", 9090, greeter.port());
        Fixtures.createExport(c1(), NS, "greeter", HIGH);
        createService("echo", "tcp", 7000, echo.port());
        Fixtures.createExport(c1(), NS, "echo", HIGH);
        // known to cluster-1 (Service and endpoints) but not exported
        createService("ledger", "http", 8080, ledger.port());

        for (String name : List.of("payment", "payment-high-prio", "payment-low-prio", "greeter", "echo")) {
            await("cluster-2 imports secure/" + name + " with an egress port")
                    .until(() -> egressPorts(name) != null);
        }
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        for (AutoCloseable backend : Arrays.asList(payment, ledger, greeter, echo)) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    @Test
    @Order(1)
    void story1RequestsToTheEgressPortEnterTheExportingClusterOnTheHighPriorityTunnelPort() {
        // Given: payment is reachable through cluster-2's egress port
        int egress = egressPort("payment", "http");
        await("payment answers through " + C2 + "'s egress port " + egress).untilAsserted(
                () -> assertThat(RawHttp.get(address(C2), egress, PAYMENT_HOST, "/warm-up").status()).isEqualTo(200));
        double highBefore = settledIngress(HIGH_PORT);
        double lowBefore = ingressRequests(LOW_PORT);
        long backendBefore = payment.requests();
        double egressRelayedBefore = metric(C2, "mcw_gateway_relayed_requests_total{", "direction=\"egress\"");
        double ingressRelayedBefore = metric(C1, "mcw_gateway_relayed_requests_total{", "direction=\"ingress\"");
        int sent = 5;

        // When
        for (int i = 0; i < sent; i++) {
            RawHttp.Response response = RawHttp.get(address(C2), egress, PAYMENT_HOST, "/pay/" + i);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).contains("\"backend\":\"payment\"", "\"path\":\"/pay/" + i + "\"");
        }

        // Then: exactly those requests entered cluster-1 on 31111, none on 31112
        await("cluster-1 counts " + sent + " ingress requests on " + HIGH_PORT)
                .until(() -> ingressRequests(HIGH_PORT) >= highBefore + sent);
        assertThat(settledIngress(HIGH_PORT)).isEqualTo(highBefore + sent);
        assertThat(ingressRequests(LOW_PORT)).isEqualTo(lowBefore);
        assertThat(payment.requests()).isEqualTo(backendBefore + sent);
        // and both gateways carried them on their HTTP/1.1 relay (ADR 0010), not on the full HTTP server
        assertThat(metric(C2, "mcw_gateway_relayed_requests_total{", "direction=\"egress\""))
                .isGreaterThanOrEqualTo(egressRelayedBefore + sent);
        assertThat(metric(C1, "mcw_gateway_relayed_requests_total{", "direction=\"ingress\""))
                .isGreaterThanOrEqualTo(ingressRelayedBefore + sent);
    }

    @Test
    @Order(2)
    void story2VirtualServiceSendsGetPaymentOverTheHighTunnelAndTheRestOverTheLowOne() {
        // When: the L7 rule is applied in the client cluster
        YamlApplier.apply(c2(), examples.resolve("l7/virtualservice.yaml"));

        // Then: once cluster-2's gateway uses it, a POST enters cluster-1 on the low-priority port
        await("cluster-2 routes POST /payment over " + LOW_PORT).until(() -> {
            post("/payment");
            return ingressRequests(LOW_PORT) > 0;
        });
        assertStory2Routing();
    }

    @Test
    @Order(3)
    void grpcCallGoesAcross() throws Exception {
        // Given
        int egress = egressPort("greeter", "grpc");
        ManagedChannel channel = ManagedChannelBuilder.forAddress(address(C2), egress).usePlaintext().build();
        long callsBefore = greeter.calls();
        try {
            // When / Then: a unary call only succeeds when grpc-status arrived as a trailer
            await("a gRPC echo through " + C2 + "'s egress port " + egress).ignoreExceptions().untilAsserted(
                    () -> assertThat(GrpcEchoBackend.echo(channel, "hello over the WAN")).contains("hello over the WAN"));
            assertThat(greeter.calls()).isGreaterThan(callsBefore);
            // and a bidirectional stream, message by message: each is sent only after the previous answer came back
            assertThat(GrpcEchoBackend.chat(channel, List.of("one", "two"), Duration.ofSeconds(10)))
                    .containsExactly("greeter:one", "greeter:two");
            // HTTP/2 is served by the HTTP/2 relay of both gateways (ADR 0020): streams counted, nothing handed over
            assertThat(metric(C2, "mcw_gateway_requests_by_protocol_total{", "direction=\"egress\"",
                    "protocol=\"h2c\"")).isPositive();
            assertThat(metric(C1, "mcw_gateway_requests_by_protocol_total{", "direction=\"ingress\"",
                    "protocol=\"h2c\"")).isPositive();
            assertThat(metric(C2, "mcw_gateway_relay_handovers_total{", "direction=\"egress\"",
                    "reason=\"http2_or_upgrade\"")).isZero();
            assertThat(metric(C1, "mcw_gateway_relay_handovers_total{", "direction=\"ingress\"",
                    "reason=\"http2_or_upgrade\"")).isZero();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(4)
    void tcpEchoGoesAcross() {
        // Given
        int egress = egressPort("echo", "tcp");
        String line = "ping across\n";

        // When / Then
        await("a TCP echo through " + C2 + "'s egress port " + egress).ignoreExceptions().untilAsserted(() -> {
            try (Socket socket = new Socket(address(C2), egress)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(line.getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertThat(new String(in.readNBytes(line.length()), StandardCharsets.UTF_8)).isEqualTo(line);
            }
        });
        assertThat(echo.connections()).isPositive();
        // the tunnel is a CONNECT, which cluster-1's relay splices to the backend itself (ADR 0021)
        assertThat(metric(C1, "mcw_gateway_relayed_requests_total{", "direction=\"ingress\"")).isPositive();
        assertThat(metric(C1, "mcw_gateway_relay_handovers_total{", "direction=\"ingress\"", "reason=\"connect\""))
                .isZero();
    }

    @Test
    @Order(5)
    void aServiceTheClusterHasButDoesNotExportIsRefusedAtItsIngress() {
        // When: straight to cluster-1's tunnel port, as a remote gateway would send
        RawHttp.Response response = RawHttp.get(address(C1), HIGH_PORT, "ledger.secure.svc.clusterset.local:8080",
                "/books");

        // Then
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("secure/ledger");
        assertThat(ledger.requests()).isZero();
    }

    @Test
    @Order(6)
    void seedLiteralVirtualServiceIsRefusedWhileStory2KeepsRouting() throws Exception {
        // Given: the seed's VirtualService has the valid one's name (secure/payment): it goes to namespace seed
        Fixtures.namespace(c2(), "seed");
        String seed = Files.readString(examples.resolve("bad/virtualservice-seed-literal.yaml"))
                .replace("namespace: secure", "namespace: seed");

        // When
        YamlApplier.apply(c2(), seed);

        // Then: a Warning Event with reason Refused on the object, naming the bad field
        await("cluster-2 refuses seed/payment with an Event").untilAsserted(
                () -> assertThat(c2().v1().events().inNamespace("seed").list().getItems()).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("Refused");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("payment");
                    assertThat(e.getMessage()).contains("spec.http[0].route[1]");
                }));
        // and the valid VirtualService still routes as before
        assertStory2Routing();
    }

    /** GET /payment/x enters cluster-1 on 31111; POST /payment and GET /stats on 31112. */
    private static void assertStory2Routing() {
        double highBefore = settledIngress(HIGH_PORT);
        double lowBefore = settledIngress(LOW_PORT);

        RawHttp.Response get = RawHttp.get(address(C2), sandbox.hostRoutingPort(), PAYMENT_HOST, "/payment/x");
        RawHttp.Response post = post("/payment");
        RawHttp.Response stats = RawHttp.get(address(C2), sandbox.hostRoutingPort(), PAYMENT_HOST, "/stats");

        assertThat(List.of(get.status(), post.status(), stats.status())).containsOnly(200);
        assertThat(get.body()).contains("\"method\":\"GET\"", "\"path\":\"/payment/x\"");
        assertThat(post.body()).contains("\"method\":\"POST\"", "\"path\":\"/payment\"");
        await("cluster-1 counts 1 request on " + HIGH_PORT + " and 2 on " + LOW_PORT)
                .until(() -> ingressRequests(HIGH_PORT) >= highBefore + 1 && ingressRequests(LOW_PORT) >= lowBefore + 2);
        assertThat(settledIngress(HIGH_PORT)).isEqualTo(highBefore + 1);
        assertThat(settledIngress(LOW_PORT)).isEqualTo(lowBefore + 2);
    }

    private static RawHttp.Response post(String path) {
        return RawHttp.send(address(C2), sandbox.hostRoutingPort(), "POST", PAYMENT_HOST, path);
    }

    /** Creates the objects of an example; its Services target {@code backendPort}, each with an EndpointSlice. */
    private static void createWithBackend(Path example, int backendPort) throws Exception {
        try (InputStream in = Files.newInputStream(example)) {
            for (HasMetadata item : c1().load(in).items()) {
                if (item instanceof Namespace namespace) {
                    Fixtures.namespace(c1(), namespace.getMetadata().getName());
                } else if (item instanceof Service service) {
                    service.getSpec().getPorts().forEach(p -> p.setTargetPort(new IntOrString(backendPort)));
                    c1().resource(service).create();
                    c1().resource(endpointSlice(service.getMetadata().getName(),
                            service.getSpec().getPorts().get(0).getName(), backendPort)).create();
                } else {
                    c1().resource(item).create();
                }
            }
        }
    }

    /** A Service selecting {@code app=<name>} with one TCP port, and its EndpointSlice. */
    private static void createService(String name, String portName, int port, int backendPort) {
        Service service = new ServiceBuilder()
                .withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name))
                .addNewPort().withName(portName).withProtocol("TCP").withPort(port)
                .withTargetPort(new IntOrString(backendPort)).endPort()
                .endSpec()
                .build();
        c1().resource(service).create();
        c1().resource(endpointSlice(name, portName, backendPort)).create();
    }

    /** One ready endpoint on 127.0.0.1 (the backends run in this JVM); the gateway matches ports by name. */
    private static EndpointSlice endpointSlice(String service, String portName, int backendPort) {
        return new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(NS).withName(service + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", service)).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName(portName).withProtocol("TCP").withPort(backendPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint()
                .build();
    }

    /** The egress-ports annotation of cluster-2's ServiceImport, e.g. {@code http/TCP/8080=20001}; null if none. */
    private static String egressPorts(String name) {
        return Fixtures.serviceImport(c2(), NS, name)
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a.get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .filter(a -> !a.isBlank())
                .orElse(null);
    }

    /** The egress port cluster-2's gateway listens on (on 127.0.0.2) for {@code name}'s port {@code portName}. */
    private static int egressPort(String name, String portName) {
        String annotation = egressPorts(name);
        assertThat(annotation).as("egress ports of secure/" + name + " in " + C2).isNotNull();
        return EgressPortAnnotation.parse(annotation).stream()
                .filter(p -> portName.equals(p.name()))
                .mapToInt(EgressPort::egressPort)
                .findFirst()
                .orElseThrow(() -> new AssertionError("No port " + portName + " in " + annotation));
    }

    /** Requests cluster-1's gateway counted on its ingress listener at {@code tunnelPort} (its /q/metrics). */
    private static double ingressRequests(int tunnelPort) {
        String metrics = metrics(C1);
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith("mcw_gateway_requests_total{") && line.contains("direction=\"ingress\"")
                    && line.contains("tunnel_port=\"" + tunnelPort + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * The ingress counter once it stopped moving (two equal reads a second apart): a request is counted when its
     * response ends, which may be after the client read it.
     */
    private static double settledIngress(int tunnelPort) {
        double[] last = { -1 };
        await("the ingress counter of " + tunnelPort + " settles").pollInterval(Duration.ofSeconds(1)).until(() -> {
            double now = ingressRequests(tunnelPort);
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    /** The sum of the samples of {@code cluster}'s gateway whose line starts with {@code prefix} and has every label. */
    private static double metric(String cluster, String prefix, String... labels) {
        double sum = 0;
        for (String line : metrics(cluster).split("\n")) {
            if (line.startsWith(prefix) && java.util.Arrays.stream(labels).allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static String metrics(String cluster) {
        URI uri = URI.create("http://127.0.0.1:" + sandbox.httpPort(cluster, GATEWAY) + "/q/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
            return response.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String address(String cluster) {
        return sandbox.address(cluster);
    }

    private static KubernetesClient c1() {
        return sandbox.client(C1);
    }

    private static KubernetesClient c2() {
        return sandbox.client(C2);
    }
}

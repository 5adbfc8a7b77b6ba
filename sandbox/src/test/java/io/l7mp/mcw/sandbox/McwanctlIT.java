package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;

/**
 * The seed's three command lines, verbatim but for the kubeconfig and the gateway address, through the launcher
 * a user runs ({@code bin/mcwanctl}) against the sandbox's clusters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McwanctlIT {
    private static Sandbox sandbox;
    private static Path root;

    /** What a command printed and how it exited. */
    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        root = RepoRoot.find();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-mcwanctl")));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), root.resolve("k8s/examples/service-level/wanpolicies.yaml"));
            Fixtures.namespace(sandbox.client(cluster), "secure");
        }
        // payment in cluster-1 with a real backend, not exported yet
        HttpBackend payment = sandbox.sampleBackend("payment");
        KubernetesClient c1 = sandbox.client("cluster-1");
        c1.resource(new ServiceBuilder().withNewMetadata().withNamespace("secure").withName("payment").endMetadata()
                .withNewSpec().addNewPort().withName("http").withProtocol("TCP").withPort(8080)
                .withTargetPort(new IntOrString(payment.port())).endPort().endSpec().build()).create();
        c1.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace("secure").withName("payment-1")
                .withLabels(Map.of("kubernetes.io/service-name", "payment")).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(payment.port()).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void exportPaymentWithTheHighPolicyByItsShortName() throws Exception {
        // When
        Run run = mcwanctl("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

        // Then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out() + run.err()).contains("sd-wan-priority-high");
        ServiceExport export = sandbox.client("cluster-1").resources(ServiceExport.class).inNamespace("secure")
                .withName("payment").get();
        assertThat(export.getMetadata().getAnnotations()).containsEntry(WANPolicy.ANNOTATION, "sd-wan-priority-high");
        await("cluster-2 imports payment").atMost(Duration.ofMinutes(1)).until(() -> Fixtures.serviceImport(
                sandbox.client("cluster-2"), "secure", "payment").isPresent());
    }

    @Test
    @Order(2)
    void statusShowsTheExportAndTheImportInEveryCluster() {
        await("status shows the import in cluster-2 ready").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            Run run = mcwanctl("--context", "cluster-1", "status", "payment/secure");
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(run.out()).contains("cluster-1", "cluster-2", "sd-wan-priority-high", "Valid", "Ready");
        });
    }

    @Test
    @Order(3)
    void importPinsTheServiceImportToTheGivenIngressGateway() throws Exception {
        // When: the seed's static import, with cluster-1's gateway as the sandbox has it (its WAN address)
        String gateway = sandbox.wanAddress("cluster-1");
        Run run = mcwanctl("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=" + gateway);

        // Then
        assertThat(run.exit()).as(run.toString()).isZero();
        ServiceImport pinned = sandbox.client("cluster-2").resources(ServiceImport.class).inNamespace("secure")
                .withName("payment").get();
        assertThat(pinned.getMetadata().getAnnotations()).containsEntry("mcw.l7mp.io/static-ingress", gateway);

        // Then: the import-service honours the pin (status, VIP, egress port) and leaves mcwanctl's fields alone
        KubernetesClient c2 = sandbox.client("cluster-2");
        await("cluster-2's import-service honours the pin").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            ServiceImport now = c2.resources(ServiceImport.class).inNamespace("secure").withName("payment").get();
            assertThat(now.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("StaticIngress");
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains(gateway);
            });
            assertThat(now.getSpec().getIps()).isNotEmpty();
            assertThat(now.getMetadata().getAnnotations()).containsKey(ServiceImport.ANNOTATION_EGRESS_PORTS)
                    .containsEntry("mcw.l7mp.io/static-ingress", gateway);
            assertThat(now.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mcwanctl");
        });

        // Then: the gateway of cluster-2 carries a request to payment through the pinned ingress
        ServiceImport now = c2.resources(ServiceImport.class).inNamespace("secure").withName("payment").get();
        int egress = EgressPortAnnotation.parse(now.getMetadata().getAnnotations()
                .get(ServiceImport.ANNOTATION_EGRESS_PORTS)).get(0).egressPort();
        HttpClient http = HttpClient.newHttpClient();
        await("a request through the pinned import").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://"
                    + sandbox.address("cluster-2") + ":" + egress + "/pinned")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        });
    }

    @Test
    @Order(4)
    void aWrongNameIsAUsageErrorThatSaysWhatToDo() throws Exception {
        Run run = mcwanctl("--context", "cluster-1", "export", "payment", "--wan-policy=nonexistent");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).isNotBlank();
    }

    @Test
    @Order(5)
    void itRunsAsTheKubectlPluginKubectlMcwan() throws Exception {
        // Given: bin/mcwanctl linked as kubectl-mcwan on the PATH, as docs/mcwanctl.md says
        Path plugins = java.nio.file.Files.createTempDirectory("mcw-kubectl-plugins");
        java.nio.file.Files.createSymbolicLink(plugins.resolve("kubectl-mcwan"), root.resolve("bin/mcwanctl"));
        ProcessBuilder builder = new ProcessBuilder(InstalledTool.kubectl().binary().toString(),
                "mcwan", "policies", "--context", "cluster-2").directory(root.toFile());
        builder.environment().put("PATH", plugins + java.io.File.pathSeparator + System.getenv("PATH"));
        builder.environment().put("KUBECONFIG", sandbox.kubeconfig().toString());

        // When
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        // Then
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out + err).isZero();
        assertThat(out).contains("sd-wan-priority-high").contains("business").contains("31111");
    }

    private static Run mcwanctl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/mcwanctl").toString(), "--kubeconfig",
                sandbox.kubeconfig().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}

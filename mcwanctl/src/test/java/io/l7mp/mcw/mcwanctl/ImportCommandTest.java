package io.l7mp.mcw.mcwanctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** {@code import} (the static mode) against two API server stand-ins. */
class ImportCommandTest {

    @TempDir
    static Path dir;
    static TestClusters clusters;
    static Cli cli;

    @BeforeAll
    static void start() {
        clusters = new TestClusters(dir);
        clusters.seed();
        clusters.apply("cluster-2", "{apiVersion: v1, kind: Namespace, metadata: {name: secure}}");
        cli = new Cli(clusters.kubeconfig(), dir);
    }

    @AfterAll
    static void stop() {
        clusters.close();
    }

    @BeforeEach
    void clean() {
        for (String cluster : List.of("cluster-1", "cluster-2")) {
            clusters.client(cluster).genericKubernetesResources(TestClusters.kind("ServiceImport"))
                    .inNamespace("secure").withName("payment").delete();
        }
        clusters.client("cluster-1").genericKubernetesResources(TestClusters.kind("ServiceExport"))
                .inNamespace("secure").withName("payment").delete();
    }

    @Test
    void seedCommandTakesPolicyAndPortsFromTheExportInAnotherContext() {
        // Given: cluster-1 exports payment/secure (the seed's first command)
        cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

        // When: the seed's third command, verbatim
        Cli.Result result = cli.run("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=127.0.1.1");

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("serviceimport secure/payment created in context cluster-2")
                .contains("ingress gateway 127.0.1.1 on the tunnel port of WAN policy sd-wan-priority-high")
                .contains("remote cluster cluster-1").contains("http:8080/TCP,grpc:9090/TCP");
        assertThat(result.err()).contains("from the ServiceExport in context cluster-1")
                .contains("ports from Service secure/payment in context cluster-1");
        GenericKubernetesResource imported = clusters.get("cluster-2", "ServiceImport", "secure", "payment");
        assertThat(imported.getMetadata().getAnnotations())
                .containsEntry("mcw.l7mp.io/static-ingress", "127.0.1.1")
                .containsEntry("mcw.l7mp.io/mc-wan-policy", "sd-wan-priority-high")
                .containsEntry("mcw.l7mp.io/static-cluster", "cluster-1");
        assertThat(imported.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "mcwanctl");
        assertThat(imported.getAdditionalProperties().get("spec")).isEqualTo(Map.of("type", "ClusterSetIP", "ports",
                List.of(Map.of("name", "http", "protocol", "TCP", "port", 8080),
                        Map.of("name", "grpc", "protocol", "TCP", "port", 9090))));
    }

    @Test
    void everythingGivenOnTheCommandLine() {
        Cli.Result result = cli.run("--context", "cluster-2", "import", "payment/secure",
                "--ingress-gw=[2001:db8::10]:31111", "--wan-policy=low", "--port", "http:8080", "--port", "53/udp",
                "--remote-cluster", "dc-1", "-o", "yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("kind: ServiceImport")
                .contains("mcw.l7mp.io/static-ingress: \"[2001:db8::10]:31111\"").contains("resourceVersion: \"")
                .contains("mcw.l7mp.io/static-cluster: dc-1");
        GenericKubernetesResource imported = clusters.get("cluster-2", "ServiceImport", "secure", "payment");
        assertThat(imported.getMetadata().getAnnotations()).containsEntry("mcw.l7mp.io/mc-wan-policy",
                "sd-wan-priority-low");
        assertThat(imported.getAdditionalProperties().get("spec")).isEqualTo(Map.of("type", "ClusterSetIP", "ports",
                List.of(Map.of("name", "http", "protocol", "TCP", "port", 8080),
                        Map.of("protocol", "UDP", "port", 53))));
    }

    @Test
    void anImportOfTheImportServiceIsPinnedNotReplaced() {
        // Given: the import-service's ServiceImport of payment, exported by cluster-1
        clusters.apply("cluster-2", """
                apiVersion: multicluster.x-k8s.io/v1beta1
                kind: ServiceImport
                metadata:
                  name: payment
                  namespace: secure
                  annotations: {mcw.l7mp.io/mc-wan-policy: sd-wan-priority-high, mcw.l7mp.io/egress-ports: http/TCP/8080=40001}
                spec:
                  type: ClusterSetIP
                  ips: [10.96.0.20]
                  ports: [{name: http, protocol: TCP, port: 8080}]
                """);
        clusters.writeStatus("cluster-2", "ServiceImport", "secure", "payment",
                Map.of("clusters", List.of(Map.of("cluster", "cluster-1"))));

        // When
        Cli.Result result = cli.run("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=127.0.1.1:31111");

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("pinned (it was the import-service's)")
                .contains("on port 31111 (given with --ingress-gw)").contains("remote cluster cluster-1");
        assertThat(result.err()).contains("WAN policy sd-wan-priority-high, from the existing ServiceImport");
        GenericKubernetesResource imported = clusters.get("cluster-2", "ServiceImport", "secure", "payment");
        assertThat(imported.getMetadata().getAnnotations())
                .containsEntry("mcw.l7mp.io/static-ingress", "127.0.1.1:31111")
                .containsEntry("mcw.l7mp.io/egress-ports", "http/TCP/8080=40001");
        assertThat(((Map<?, ?>) imported.getAdditionalProperties().get("spec")).get("ips"))
                .isEqualTo(List.of("10.96.0.20"));
    }

    @Test
    void withoutPolicyOrPortsAnywhereItSaysWhatToPass() {
        // no export anywhere, no import: nothing to take them from
        Cli.Result noPolicy = cli.run("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=127.0.1.1");
        Cli.Result noPorts = cli.run("--context", "cluster-2", "import", "billing/secure", "--ingress-gw=127.0.1.1",
                "--wan-policy=high");

        assertThat(noPolicy.exitCode()).isEqualTo(1);
        assertThat(noPolicy.err()).contains("no WAN policy for the import: pass --wan-policy=P")
                .contains("sd-wan-priority-high, sd-wan-priority-low");
        assertThat(noPorts.exitCode()).isEqualTo(1);
        assertThat(noPorts.err()).contains("no ports for the import: pass --port");
        assertThat(clusters.get("cluster-2", "ServiceImport", "secure", "payment")).isNull();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        Cli.Result badAddress = cli.run("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=no_such:host");
        Cli.Result badPort = cli.run("--context", "cluster-2", "import", "payment/secure", "--ingress-gw=127.0.1.1",
                "--port", "http:99999");
        Cli.Result missing = cli.run("--context", "cluster-2", "import", "payment/secure");

        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.err()).contains("--ingress-gw: 'no_such:host' is not an address");
        assertThat(badPort.exitCode()).isEqualTo(2);
        assertThat(badPort.err()).contains("--port: 'http:99999' is not a port").contains("1-65535");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--ingress-gw=ADDRESS'");
    }

    @Test
    void aNamespaceThatDoesNotExistInTheImportingClusterIsNamed() {
        Cli.Result result = cli.run("--context", "cluster-2", "import", "payment/finance", "--ingress-gw=127.0.1.1",
                "--wan-policy=high", "--port", "8080");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("namespace finance does not exist in context 'cluster-2'")
                .contains("kubectl --context cluster-2 create namespace finance");
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code kubectl} against an API server stand-in, with the commands a user of the sandbox runs (issue 12):
 * apply with client-side validation, get with printer columns and short names, create, delete, explain, and objects
 * refused by the CRD schema on the client and on the server.
 */
class KubectlTest {

    private static final String BAD_PORT = """
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata:
              name: bad-port
            spec:
              tunnel: business
              port: "high"
              failover: [sd-wan-priority-low]
            """;

    @TempDir
    Path workDir;
    private ApiServer server;
    private Kubectl kubectl;

    @BeforeEach
    void start() {
        server = ApiServer.start("cluster-1");
        kubectl = Kubectl.against(server, workDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void appliesTheExamplesWithValidation() {
        // When
        Kubectl.Result policies = kubectl.run("apply", "-f", "k8s/examples/service-level/wanpolicies.yaml");
        Kubectl.Result l7 = kubectl.run("apply", "-f", "k8s/examples/l7/");

        // Then
        assertThat(policies.exitCode()).as(policies.toString()).isZero();
        assertThat(l7.exitCode()).as(l7.toString()).isZero();
        assertThat(l7.out()).contains("httproute.gateway.networking.k8s.io/payment created",
                "service/payment-high-prio created", "service/payment-low-prio created",
                "serviceexport.multicluster.x-k8s.io/payment-high-prio created",
                "serviceexport.multicluster.x-k8s.io/payment-low-prio created",
                "virtualservice.networking.istio.io/payment created");
        assertThat(l7.err()).doesNotContain("validat");
    }

    @Test
    void getShowsTheCrdPrinterColumnsAcrossNamespaces() {
        // Given
        applyExamples();
        YamlApplierOnServer.apply(server, Path.of("k8s/examples/service-level/expected-serviceimport.yaml"));

        // When
        Kubectl.Result get = kubectl.run("get", "wanpolicies,serviceexports,serviceimports", "-A");

        // Then
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.out()).contains("PORT", "TUNNEL", "LATENCY-MS", "WAN-POLICY", "TYPE");
        assertThat(get.out()).containsPattern("wanpolicy.mcw.l7mp.io/sd-wan-priority-high +\\S+ +31111 +50 +100 +1 +business");
        assertThat(get.out()).containsPattern(
                "secure +serviceexport.multicluster.x-k8s.io/payment-high-prio +sd-wan-priority-high");
        assertThat(get.out()).containsPattern("secure +serviceimport.multicluster.x-k8s.io/payment .*ClusterSetIP");
    }

    @Test
    void getResolvesShortNames() {
        // Given
        applyExamples();

        // When
        Kubectl.Result get = kubectl.run("get", "svc,ns,wanp", "-A");

        // Then
        assertThat(get.exitCode()).as(get.toString()).isZero();
        assertThat(get.out()).containsPattern("secure +service/payment-high-prio +ClusterIP +10\\.96\\.\\S+ +<none> +8080/TCP");
        assertThat(get.out()).containsPattern("namespace/default +Active");
        assertThat(get.out()).contains("wanpolicy.mcw.l7mp.io/sd-wan-priority-low");
    }

    @Test
    void createsANamespace() {
        // When
        Kubectl.Result create = kubectl.run("create", "namespace", "finance");
        Kubectl.Result phase = kubectl.run("get", "namespace", "finance", "-o", "jsonpath={.status.phase}");

        // Then
        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.out()).contains("namespace/finance created");
        assertThat(phase.out()).isEqualTo("Active");
    }

    @Test
    void deletesWhatItApplied() {
        // Given
        applyExamples();

        // When
        Kubectl.Result delete = kubectl.run("delete", "-f", "k8s/examples/l7/");
        Kubectl.Result policy = kubectl.run("delete", "wanp", "sd-wan-priority-low");
        Kubectl.Result left = kubectl.run("get", "svc,svcex,vs,httproutes", "-n", "secure");

        // Then
        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).contains("service \"payment-high-prio\" deleted",
                "serviceexport.multicluster.x-k8s.io \"payment-low-prio\" deleted");
        assertThat(policy.out()).contains("wanpolicy.mcw.l7mp.io \"sd-wan-priority-low\" deleted");
        assertThat(left.out() + left.err()).contains("No resources found");
    }

    @Test
    void explainsACustomResourceFromItsCrd() {
        // When
        Kubectl.Result explain = kubectl.run("explain", "wanpolicy.spec");

        // Then
        assertThat(explain.exitCode()).as(explain.toString()).isZero();
        assertThat(explain.out()).containsPattern("port\\s+<integer> -required-");
        assertThat(explain.out()).contains("Destination port the SD-WAN classifies the tunnel by");
        assertThat(explain.out()).containsPattern("tunnel\\s+<string> -required-");
    }

    @Test
    void refusesOnTheClientWhatTheSchemaForbids() throws Exception {
        // Given
        Path bad = Files.writeString(workDir.resolve("bad-port.yaml"), BAD_PORT);

        // When
        Kubectl.Result apply = kubectl.run("apply", "-f", bad.toString());

        // Then
        assertThat(apply.exitCode()).as(apply.toString()).isNotZero();
        assertThat(apply.err()).contains("ValidationError(WANPolicy.spec.port)", "got \"string\", expected \"integer\"",
                "ValidationError(WANPolicy.spec.failover)");
    }

    @Test
    void refusesOnTheServerWhatTheSchemaForbids() throws Exception {
        // Given
        Path bad = Files.writeString(workDir.resolve("bad-port.yaml"), BAD_PORT);

        // When
        Kubectl.Result unvalidated = kubectl.run("apply", "--validate=false", "-f", bad.toString());
        Kubectl.Result examples = kubectl.run("apply", "-f", "k8s/examples/bad/wanpolicies-invalid.yaml");
        Kubectl.Result stored = kubectl.run("get", "wanp", "-o", "name");

        // Then
        assertThat(unvalidated.exitCode()).as(unvalidated.toString()).isNotZero();
        assertThat(unvalidated.err()).contains("The WANPolicy \"bad-port\" is invalid",
                "spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\"",
                "spec.failover: Invalid value: \"array\": spec.failover in body must be of type object: \"array\"");
        assertThat(examples.err()).contains("WANPolicy.mcw.l7mp.io \"port-out-of-range\" is invalid: spec.port: "
                + "Invalid value: 70000: spec.port in body should be less than or equal to 65535");
        assertThat(examples.err()).contains("spec.sla.latency-ms: Invalid value: -5");
        assertThat(examples.err()).contains("missing required field \"tunnel\"");
        assertThat(stored.out().strip()).isEqualTo("wanpolicy.mcw.l7mp.io/port-taken");
    }

    private void applyExamples() {
        for (String path : new String[] { "k8s/examples/service-level/wanpolicies.yaml", "k8s/examples/l7/" }) {
            Kubectl.Result apply = kubectl.run("apply", "-f", path);
            assertThat(apply.exitCode()).as(apply.toString()).isZero();
        }
    }

    /** Objects kubectl cannot create (a ServiceImport is written by import-service), put in place directly. */
    private static final class YamlApplierOnServer {
        static void apply(ApiServer server, Path relative) {
            try (var client = server.client()) {
                YamlApplier.apply(client, Kubectl.repositoryRoot().resolve(relative));
            }
        }
    }
}

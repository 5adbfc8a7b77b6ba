package io.l7mp.mcw.mcwanctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/** {@code export} and {@code unexport} against two API server stand-ins. */
class ExportCommandTest {

    @TempDir
    static Path dir;
    static TestClusters clusters;
    static Cli cli;

    @BeforeAll
    static void start() {
        clusters = new TestClusters(dir);
        clusters.seed();
        cli = new Cli(clusters.kubeconfig(), dir);
    }

    @AfterAll
    static void stop() {
        clusters.close();
    }

    @BeforeEach
    void noExport() {
        clusters.client("cluster-1").genericKubernetesResources(TestClusters.kind("ServiceExport"))
                .inNamespace("secure").withName("payment").delete();
    }

    @Test
    void seedCommandFindsThePolicyBySuffixAndSaysWhichItUsed() {
        // When
        Cli.Result result = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("serviceexport secure/payment created in context cluster-1")
                .contains("sd-wan-priority-high");
        assertThat(result.err()).contains("--wan-policy=high is WANPolicy sd-wan-priority-high")
                .contains("mcwanctl --context cluster-1 status payment/secure");
        GenericKubernetesResource export = clusters.get("cluster-1", "ServiceExport", "secure", "payment");
        assertThat(export.getMetadata().getAnnotations())
                .containsEntry("mcw.l7mp.io/mc-wan-policy", "sd-wan-priority-high");
    }

    @Test
    void anExactNameWinsAndNothingIsSaidAboutIt() {
        Cli.Result result = cli.run("--context", "cluster-1", "export", "payment/secure",
                "--wan-policy=sd-wan-priority-low");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("note:");
        assertThat(policyOfExport()).isEqualTo("sd-wan-priority-low");
    }

    @Test
    void exportingAgainChangesNothingAndAnotherPolicyUpdatesTheAnnotation() {
        // Given
        cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

        // When
        Cli.Result again = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");
        Cli.Result other = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=low");

        // Then
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("unchanged");
        assertThat(other.exitCode()).as(other.toString()).isZero();
        assertThat(other.out()).contains("updated (WAN policy was sd-wan-priority-high)");
        assertThat(policyOfExport()).isEqualTo("sd-wan-priority-low");
    }

    @Test
    void globalOptionsWorkAfterTheCommandAndNamespaceCanComeFromMinusN() {
        Cli.Result result = cli.run("export", "payment", "-n", "secure", "--wan-policy=high", "--context",
                "cluster-1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(policyOfExport()).isEqualTo("sd-wan-priority-high");
    }

    @Test
    void ambiguousPolicyIsAnErrorListingTheCandidates() {
        // Given: a second policy ending in -high
        clusters.apply("cluster-1", """
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata:
                  name: backup-high
                spec: {tunnel: backup, port: 31113}
                """);
        try {
            // When
            Cli.Result result = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

            // Then
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("--wan-policy=high is ambiguous")
                    .contains("backup-high, sd-wan-priority-high").contains("give the full name");
            assertThat(clusters.get("cluster-1", "ServiceExport", "secure", "payment")).isNull();
        } finally {
            clusters.client("cluster-1").genericKubernetesResources(TestClusters.kind("WANPolicy"))
                    .withName("backup-high").delete();
        }
    }

    @Test
    void unknownPolicyIsAnErrorListingThePolicies() {
        Cli.Result result = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=gold");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no WANPolicy 'gold' in context 'cluster-1'")
                .contains("sd-wan-priority-high, sd-wan-priority-low");
        assertThat(clusters.get("cluster-1", "ServiceExport", "secure", "payment")).isNull();
    }

    @Test
    void refusesToExportAServiceThatDoesNotExist() {
        Cli.Result result = cli.run("--context", "cluster-1", "export", "billing/secure", "--wan-policy=high");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("Service secure/billing does not exist in context 'cluster-1'")
                .contains("create the Service first").contains("payment");
        assertThat(clusters.get("cluster-1", "ServiceExport", "secure", "billing")).isNull();
    }

    @Test
    void refusesAServiceInANamespaceThatDoesNotExist() {
        Cli.Result result = cli.run("--context", "cluster-2", "export", "payment/secure", "--wan-policy=high");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("namespace secure does not exist in context 'cluster-2'");
    }

    @Test
    void badNameNamespaceIsAUsageError() {
        for (String bad : new String[] { "payment/secure/x", "/secure", "payment/", "Payment/secure",
                "payment/se_cure" }) {
            Cli.Result result = cli.run("--context", "cluster-1", "export", bad, "--wan-policy=high");

            assertThat(result.exitCode()).as(bad + ": " + result).isEqualTo(2);
            assertThat(result.err()).contains("error: ").contains("Run 'mcwanctl export --help'");
        }
        Cli.Result conflicting = cli.run("--context", "cluster-1", "-n", "other", "export", "payment/secure",
                "--wan-policy=high");
        assertThat(conflicting.exitCode()).isEqualTo(2);
        assertThat(conflicting.err()).contains("names namespace 'secure' but -n says 'other'");
    }

    @Test
    void unknownContextIsAUsageErrorListingTheContexts() {
        Cli.Result result = cli.run("--context", "cluster-9", "export", "payment/secure", "--wan-policy=high");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("context 'cluster-9' is not in kubeconfig")
                .contains("cluster-1, cluster-2").contains("--context");
    }

    @Test
    void unreachableContextIsAFailureThatSaysWhatToCheck() {
        Cli.Result result = new Cli(clusters.kubeconfigWithUnreachableContext(), dir).run("--context", "gone",
                "export", "payment/secure", "--wan-policy=high");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cannot reach the API server of context 'gone'")
                .contains("kubectl --context gone cluster-info");
    }

    @Test
    void missingKubeconfigSaysHowToGiveOne() {
        Cli.Result result = cli.runRaw(Map.of(), "--kubeconfig", dir.resolve("nope").toString(), "policies");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no kubeconfig at").contains("pass --kubeconfig FILE or set KUBECONFIG");
    }

    @Test
    void kubeconfigFromTheEnvironmentAndItsCurrentContext() {
        Cli.Result result = cli.runRaw(Map.of("KUBECONFIG", clusters.kubeconfig().toString()), "export",
                "payment/secure", "--wan-policy=high");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("in context cluster-1");
    }

    @Test
    void jsonAndYamlPrintTheServiceExport() {
        Cli.Result json = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high", "-o",
                "json");
        Cli.Result yaml = cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high", "-o",
                "yaml");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"kind\" : \"ServiceExport\"")
                .contains("\"mcw.l7mp.io/mc-wan-policy\" : \"sd-wan-priority-high\"");
        assertThat(yaml.out()).contains("kind: ServiceExport").contains("mcw.l7mp.io/mc-wan-policy: sd-wan-priority-high");
    }

    @Test
    void unexportDeletesTheExportAndSaysWhenThereIsNone() {
        // Given
        cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high");

        // When
        Cli.Result deleted = cli.run("--context", "cluster-1", "unexport", "payment/secure");
        Cli.Result again = cli.run("--context", "cluster-1", "unexport", "payment/secure");

        // Then
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.out()).contains("serviceexport secure/payment deleted in context cluster-1");
        assertThat(clusters.get("cluster-1", "ServiceExport", "secure", "payment")).isNull();
        assertThat(clusters.client("cluster-1").services().inNamespace("secure").withName("payment").get())
                .isNotNull();
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("Service secure/payment is not exported in context 'cluster-1'");
    }

    private static String policyOfExport() {
        return clusters.get("cluster-1", "ServiceExport", "secure", "payment").getMetadata().getAnnotations()
                .get("mcw.l7mp.io/mc-wan-policy");
    }
}

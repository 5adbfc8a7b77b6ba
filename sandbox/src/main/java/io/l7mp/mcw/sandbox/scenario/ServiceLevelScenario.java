package io.l7mp.mcw.sandbox.scenario;

import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.awaitility.core.ConditionTimeoutException;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.l7mp.mcw.sandbox.Sandbox;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;

/**
 * The seed's first story: all access to payment.secure:8080 goes over the high-priority tunnel. Applies
 * {@code k8s/examples/service-level/} (WAN policies in every cluster, the payment Service and its ServiceExport in
 * the first cluster, namespace {@code secure} everywhere so the import appears everywhere) and checks that every
 * cluster gets the ServiceImport of {@code expected-serviceimport.yaml}.
 */
public final class ServiceLevelScenario {

    public static final String NAMESPACE = "secure";

    private final Sandbox sandbox;
    private final Path examples;
    private final PrintStream out;

    public ServiceLevelScenario(Sandbox sandbox, PrintStream out) {
        this.sandbox = sandbox;
        this.examples = sandbox.repoRoot().resolve("k8s").resolve("examples").resolve("service-level");
        this.out = out;
    }

    /** Applies the story and waits for its imports; true if every cluster has them within {@code timeout}. */
    public boolean run(Duration timeout) {
        String exporter = sandbox.clusters().get(0);
        for (String cluster : sandbox.clusters()) {
            apply(cluster, "wanpolicies.yaml");
            if (!cluster.equals(exporter)) {
                ensureNamespace(sandbox.client(cluster), NAMESPACE);
                say("created namespace %s in %s", NAMESPACE, cluster);
            }
        }
        apply(exporter, "payment-service.yaml");
        servePayment(exporter);
        apply(exporter, "payment-export.yaml");
        ImportExpectation expected = ImportExpectation.read(examples.resolve("expected-serviceimport.yaml"));
        say("waiting up to %d s for ServiceImport %s/%s in %s", timeout.toSeconds(), expected.namespace(),
                expected.name(), String.join(", ", sandbox.clusters()));
        long started = System.nanoTime();
        boolean done = awaitImports(expected, timeout);
        ClusterSetView view = new ClusterSetView(sandbox);
        out.println();
        out.println(ClusterSetView.importsTable(view.serviceImports()));
        out.println();
        out.println(ClusterSetView.exportConditionsTable(view.serviceExports()));
        out.println();
        if (done) {
            say("PASS: ServiceImport %s/%s is in every cluster (%.1f s after the export)", expected.namespace(),
                    expected.name(), (System.nanoTime() - started) / 1e9);
        } else {
            mismatches(expected).forEach((cluster, why) -> say("FAIL: %s: %s", cluster, why));
            say("see the service logs in %s", sandbox.workDir().resolve("logs"));
        }
        return done;
    }

    /**
     * A real backend behind the sample Service: an HTTP server of the sandbox on loopback, listed as the Service's one
     * ready endpoint (the sandbox has no pods), so a request to payment from any cluster gets an answer. The
     * {@code app=payment} selector of the example stays; nothing here schedules pods.
     */
    private void servePayment(String exporter) {
        HttpBackend backend = sandbox.sampleBackend("payment");
        sandbox.client(exporter).resource(new EndpointSliceBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName("payment-sandbox")
                .withLabels(Map.of("kubernetes.io/service-name", "payment")).endMetadata()
                .withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(backend.port()).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).createOr(NonDeletingOperation::update);
        say("payment's backend in %s: 127.0.0.1:%d (EndpointSlice %s/payment-sandbox)", exporter, backend.port(),
                NAMESPACE);
    }

    /** Creates {@code namespace} unless it exists. */
    public static void ensureNamespace(KubernetesClient client, String namespace) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .createOr(NonDeletingOperation::update);
    }

    private boolean awaitImports(ImportExpectation expected, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> mismatches(expected).isEmpty());
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private Map<String, String> mismatches(ImportExpectation expected) {
        ClusterSetView view = new ClusterSetView(sandbox);
        Map<String, String> mismatches = new LinkedHashMap<>();
        for (String cluster : sandbox.clusters()) {
            Optional<String> why = expected.mismatch(view.serviceImport(cluster, expected.namespace(), expected.name()));
            why.ifPresent(reason -> mismatches.put(cluster, reason));
        }
        return mismatches;
    }

    private void apply(String cluster, String file) {
        List<String> applied = YamlApplier.apply(sandbox.client(cluster), examples.resolve(file)).stream()
                .map(r -> r.getKind() + " " + (r.getMetadata().getNamespace() == null ? ""
                        : r.getMetadata().getNamespace() + "/") + r.getMetadata().getName())
                .toList();
        say("applied %s to %s: %s", file, cluster, String.join(", ", applied));
    }

    private void say(String format, Object... args) {
        out.println("[scenario] " + String.format(java.util.Locale.ROOT, format, args));
        out.flush();
    }
}

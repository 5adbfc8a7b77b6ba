package io.l7mp.mcw.sandbox;

import static io.l7mp.mcw.sandbox.Fixtures.HIGH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.sandbox.scenario.ImportExpectation;
import io.l7mp.mcw.testkit.YamlApplier;

/**
 * The control plane end to end (DESIGN D9, D10): policy-, export- and import-service of two clusters run as
 * processes from their packaged jars against one Kafka broker and one API server per cluster. Every test works in
 * its own namespace, so the order only makes the log easier to read.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlaneIT {

    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String IMPORT_SERVICE = "import-service";

    private static Sandbox sandbox;
    private static Path examples;

    @BeforeAll
    static void startSandbox() {
        // the tests' own Kafka clients would log their whole configuration at INFO on every poll
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        examples = root.resolve("k8s").resolve("examples");
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-sandbox"))
                .withServices(SandboxOptions.CONTROL_PLANE)
                .withClusters(2));
        Awaitility.setDefaultTimeout(Duration.ofMinutes(2));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
        // the seed: WAN policies are cluster-scoped and applied in every cluster of the clusterset
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), examples.resolve("service-level/wanpolicies.yaml"));
        }
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void serviceLevelExampleIsImportedIntoEveryClusterWithTheNamespace() {
        // Given: the payment Service in cluster-1, namespace secure in both clusters
        YamlApplier.apply(c1(), examples.resolve("service-level/payment-service.yaml"));
        Fixtures.namespace(c2(), "secure");
        ImportExpectation expected = ImportExpectation.read(examples.resolve("service-level/expected-serviceimport.yaml"));

        // When: payment is exported over the high-priority tunnel
        YamlApplier.apply(c1(), examples.resolve("service-level/payment-export.yaml"));

        // Then: both clusters import it as the example expects, with a clusterset VIP
        for (String cluster : List.of(C1, C2)) {
            await(cluster + " imports secure/payment").until(
                    () -> expected.mismatch(Fixtures.serviceImport(client(cluster), "secure", "payment")).isEmpty());
            ServiceImport imported = Fixtures.serviceImport(client(cluster), "secure", "payment").orElseThrow();
            assertThat(imported.getSpec().getType()).isEqualTo("ClusterSetIP");
            assertThat(ImportExpectation.ports(imported)).containsExactly("http/TCP/8080");
            assertThat(imported.getSpec().getIps()).isNotEmpty().allSatisfy(ip -> assertThat(ip).isNotBlank());
        }
        await("ServiceExport secure/payment is Valid with its policy resolved").untilAsserted(() -> {
            assertThat(Fixtures.exportCondition(c1(), "secure", "payment", "Valid"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
            assertThat(Fixtures.exportCondition(c1(), "secure", "payment", "WANPolicyResolved"))
                    .hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getMessage()).contains(HIGH);
                    });
        });
    }

    @Test
    @Order(2)
    void clusterWithoutTheNamespaceImportsOnceTheNamespaceIsCreated() {
        // Given: late/api exported from cluster-1; cluster-2 has no namespace late
        String ns = "late";
        Fixtures.namespace(c1(), ns);
        Fixtures.createService(c1(), ns, "api", 8080);
        Fixtures.createExport(c1(), ns, "api", HIGH);
        await("cluster-1 imports late/api").until(() -> Fixtures.serviceImport(c1(), ns, "api").isPresent());
        await("cluster-2's import-service reports late/api waiting for its namespace")
                .until(() -> importState(C2, ns, "api") == ImportState.WAITING_FOR_NAMESPACE);
        assertThat(Fixtures.importsIn(c2(), ns)).isEmpty();

        // When
        Fixtures.namespace(c2(), ns);

        // Then
        await("cluster-2 imports late/api once the namespace exists")
                .until(() -> Fixtures.importsIn(c2(), ns), imports -> imports.equals(Map.of("api", List.of("http/TCP/8080"))));
    }

    @Test
    @Order(3)
    void unexportRemovesTheImportFromEveryCluster() {
        // Given: gone/api exported from cluster-1 and imported in both clusters
        String ns = "gone";
        Fixtures.namespace(c1(), ns);
        Fixtures.namespace(c2(), ns);
        Fixtures.createService(c1(), ns, "api", 8080);
        Fixtures.createExport(c1(), ns, "api", HIGH);
        for (String cluster : List.of(C1, C2)) {
            await(cluster + " imports gone/api").until(() -> Fixtures.serviceImport(client(cluster), ns, "api").isPresent());
        }

        // When
        Fixtures.deleteExport(c1(), ns, "api");

        // Then
        for (String cluster : List.of(C1, C2)) {
            await(cluster + " drops gone/api").until(() -> Fixtures.importsIn(client(cluster), ns).isEmpty());
        }
    }

    @Test
    @Order(4)
    void importServiceKilledWhileExportsChangeCatchesUpExactlyAfterRestart() {
        // Given: a and b exported from cluster-1, imported in cluster-2
        String ns = "restart";
        Fixtures.namespace(c1(), ns);
        Fixtures.namespace(c2(), ns);
        for (String name : List.of("a", "b")) {
            Fixtures.createService(c1(), ns, name, 8080);
            Fixtures.createExport(c1(), ns, name, HIGH);
        }
        await("cluster-2 imports a and b").until(() -> Fixtures.importsIn(c2(), ns).keySet().equals(Set.of("a", "b")));

        try {
            // When: cluster-2's import-service dies, and the exports change while it is down
            sandbox.kill9(C2, IMPORT_SERVICE);
            for (var entry : Map.of("c", 8081, "d", 8082).entrySet()) {
                Fixtures.createService(c1(), ns, entry.getKey(), entry.getValue());
                Fixtures.createExport(c1(), ns, entry.getKey(), HIGH);
            }
            Fixtures.deleteExport(c1(), ns, "a");
            c1().services().inNamespace(ns).withName("b").edit(s -> {
                s.getSpec().getPorts().get(0).setPort(9090);
                s.getSpec().getPorts().get(0).setTargetPort(new IntOrString(9090));
                return s;
            });
            await("cluster-1's export-service publishes the changes").until(() -> exportedPorts(ns),
                    exported -> exported.equals(Map.of("b", List.of(9090), "c", List.of(8081), "d", List.of(8082))));
            sandbox.restart(C2, IMPORT_SERVICE);
        } finally {
            if (!sandbox.process(C2, IMPORT_SERVICE).isAlive()) {
                sandbox.restart(C2, IMPORT_SERVICE);
            }
        }

        // Then: exactly the current exports, with their current ports, and nothing stale
        Map<String, List<String>> expected = Map.of("b", List.of("http/TCP/9090"), "c", List.of("http/TCP/8081"), "d",
                List.of("http/TCP/8082"));
        await("cluster-2 converges on b, c, d").until(() -> Fixtures.importsIn(c2(), ns), expected::equals);
        assertThat(Fixtures.importsIn(c2(), ns)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    @Order(5)
    void exportNamingAnUnknownPolicyWaitsUntilThePolicyAppears() throws Exception {
        // Given: the misspelled export of the examples, in its own namespace
        String ns = "typo";
        Fixtures.namespace(c1(), ns);
        Fixtures.namespace(c2(), ns);
        Fixtures.createService(c1(), ns, "payment", 8080);
        ServiceExport typo = Serialization.unmarshal(
                Files.readString(examples.resolve("bad/export-unknown-policy.yaml")), ServiceExport.class);
        typo.getMetadata().setNamespace(ns);

        // When
        c1().resources(ServiceExport.class).inNamespace(ns).resource(typo).create();

        // Then: it waits, naming the missing policy, and nothing is exported or imported
        await("WANPolicyResolved False naming sd-wan-priority-hihg").until(
                () -> Fixtures.exportCondition(c1(), ns, "payment", "WANPolicyResolved").filter(
                        c -> "False".equals(c.getStatus()) && c.getMessage() != null
                                && c.getMessage().contains("sd-wan-priority-hihg"))
                        .isPresent());
        assertThat(TopicRecords.latest(sandbox.bootstrapServers(), Topics.EXPORTS)).doesNotContainKey(C1 + "/typo/payment");
        assertThat(Fixtures.importsIn(c1(), ns)).isEmpty();
        assertThat(Fixtures.importsIn(c2(), ns)).isEmpty();

        // When: the policy it names appears in cluster-1
        YamlApplier.apply(c1(), """
                apiVersion: mcw.l7mp.io/v1alpha1
                kind: WANPolicy
                metadata:
                  name: sd-wan-priority-hihg
                spec:
                  tunnel: business
                  port: 31111
                """);

        // Then
        await("cluster-2 imports typo/payment").until(() -> Fixtures.importsIn(c2(), ns),
                imports -> imports.equals(Map.of("payment", List.of("http/TCP/8080"))));
        await("WANPolicyResolved turns True").until(() -> Fixtures.exportCondition(c1(), ns, "payment", "WANPolicyResolved")
                .map(Condition::getStatus).filter("True"::equals).isPresent());
    }

    @Test
    @Order(6)
    void unparsableExportRecordIsDeadLetteredAndChangesNothing() throws Exception {
        // Given
        Map<String, List<String>> before1 = Fixtures.allImports(c1());
        Map<String, List<String>> before2 = Fixtures.allImports(c2());

        // When: garbage on the exports topic, under another cluster's key
        TopicRecords.send(sandbox.bootstrapServers(), Topics.EXPORTS, "cluster-9/x/y", "not json");

        // Then: it lands on the dead-letter topic with the error, and no import changed
        await("the record is dead-lettered").until(() -> deadLetters("cluster-9/x/y"), list -> !list.isEmpty());
        assertThat(deadLetters("cluster-9/x/y"))
                .allSatisfy(r -> assertThat(TopicRecords.header(r, "mcw-dlq-error")).isNotBlank());
        assertThat(Fixtures.allImports(c1())).isEqualTo(before1);
        assertThat(Fixtures.allImports(c2())).isEqualTo(before2);

        // and the consumers keep going: a later export is still imported
        String ns = "after-garbage";
        Fixtures.namespace(c1(), ns);
        Fixtures.namespace(c2(), ns);
        Fixtures.createService(c1(), ns, "api", 8080);
        Fixtures.createExport(c1(), ns, "api", HIGH);
        await("cluster-2 imports after-garbage/api").until(() -> Fixtures.serviceImport(c2(), ns, "api").isPresent());
    }

    @Test
    @Order(7)
    void aServiceThatDiesIsStartedAgainAndTheRestartCommandRestartsOneOnPurpose() {
        // Given
        ServiceProcess export = sandbox.process(C2, "export-service");
        long crashed = export.pid();

        // When: it dies as a crash would, from outside the sandbox
        ProcessHandle.of(crashed).ifPresent(ProcessHandle::destroyForcibly);

        // Then: the sandbox starts it again, and it gets ready
        await("cluster-2/export-service started again").until(() -> export.isAlive() && export.pid() != crashed
                && ready(export));
        assertThat(RestartCommand.read(sandbox.workDir().resolve(Sandbox.PROCESSES_FILE)))
                .containsEntry(export.name(), new RestartCommand.Running(export.name(), export.pid(), export.port()));

        // When: restarted on purpose
        long before = export.pid();
        int code = new picocli.CommandLine(new RestartCommand()).execute("--work-dir", sandbox.workDir().toString(),
                export.name());

        // Then: a new process, ready when the command returns
        assertThat(code).isZero();
        assertThat(export.pid()).isNotEqualTo(before);
        assertThat(ready(export)).isTrue();
        assertThat(new picocli.CommandLine(new RestartCommand()).execute("--work-dir", sandbox.workDir().toString(),
                "cluster-9/export-service")).isEqualTo(2);
    }

    private static boolean ready(ServiceProcess process) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(process.url() + ServiceProcess.READY_PATH)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
        return TopicRecords.all(sandbox.bootstrapServers(), Topics.DEAD_LETTER).stream()
                .filter(r -> key.equals(r.key())).toList();
    }

    /** What cluster-1 currently exports in {@code namespace}: name to port numbers, from the exports topic. */
    private static Map<String, List<Integer>> exportedPorts(String namespace) {
        Map<String, List<Integer>> ports = new TreeMap<>();
        TopicRecords.latest(sandbox.bootstrapServers(), Topics.EXPORTS).forEach((key, value) -> {
            if (key.startsWith(C1 + "/" + namespace + "/")) {
                ExportEvent event = EventJson.read(value, ExportEvent.class);
                ports.put(event.name(), event.ports().stream().map(p -> p.port()).toList());
            }
        });
        return ports;
    }

    /** The state {@code cluster}'s import-service last published for {@code namespace/name}, or null. */
    private static ImportState importState(String cluster, String namespace, String name) {
        byte[] value = TopicRecords.latest(sandbox.bootstrapServers(), Topics.IMPORTS)
                .get(cluster + "/" + namespace + "/" + name);
        return value == null ? null : EventJson.read(value, ImportEvent.class).state();
    }

    private static KubernetesClient client(String cluster) {
        return sandbox.client(cluster);
    }

    private static KubernetesClient c1() {
        return client(C1);
    }

    private static KubernetesClient c2() {
        return client(C2);
    }
}

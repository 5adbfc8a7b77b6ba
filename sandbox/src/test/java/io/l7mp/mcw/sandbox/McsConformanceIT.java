package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.testkit.YamlApplier;

/**
 * The API-object cases of the MCS API conformance suite (kubernetes-sigs/mcs-api {@code conformance/}), re-expressed
 * in Java against the two-cluster sandbox with the control-plane services as processes. Each test is named after the
 * upstream case (its {@code Specify} text) and asserts what it asserts, within its 20 s bounds, plus the condition
 * reasons. Every case runs in a namespace of its own, as the upstream driver does. Cases that need pods, DNS or a
 * kubelet are listed as not applicable in {@code docs/conformance.md}.
 */
class McsConformanceIT {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String HELLO = "hello";
    private static final String GROUP_VERSION = "multicluster.x-k8s.io/v1beta1";
    /** The upstream suite's bound on every wait. */
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private static Sandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-mcs-conformance"))
                .withServices(SandboxOptions.CONTROL_PLANE)
                .withClusters(2));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), root.resolve("k8s/examples/service-level/wanpolicies.yaml"));
        }
    }

    @AfterAll
    static void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @DisplayName("A ServiceImport should only exist as long as there's at least one exporting cluster")
    void aServiceImportExistsOnlyWhileAClusterExports() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        awaitImport(C1, ns);

        deployHello(C2, ns, s -> {
        });
        export(C2, ns);
        await().atMost(BOUND).ignoreExceptions()
                .untilAsserted(() -> assertThat(importClusters(C1, ns)).containsExactly(C1, C2));

        unexport(C1, ns);
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(importClusters(C1, ns)).containsExactly(C2));
        assertThat(serviceImport(C1, ns)).isPresent();

        unexport(C2, ns);
        awaitNoImport(C1, ns);
    }

    @Test
    @DisplayName("Exporting a ClusterIP service should create a ServiceImport of type ClusterSetIP in the service's "
            + "namespace in each cluster. Unexporting should delete the ServiceImport")
    void aClusterIpServiceIsImportedAsClusterSetIpEverywhereAndUnexportingDeletesIt() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            assertThat(spec(awaitImport(cluster, ns)).get("type")).as(cluster).isEqualTo("ClusterSetIP");
        }
        unexport(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            awaitNoImport(cluster, ns);
        }
    }

    @Test
    @DisplayName("The SessionAffinity for a ClusterSetIP ServiceImport should match the exported service's "
            + "SessionAffinity")
    void theSessionAffinityAndItsConfigMatchTheExportedService() {
        String ns = namespace();
        deployHello(C1, ns, s -> s.getSpec().setSessionAffinity("ClientIP"));
        Service hello = service(C1, ns);
        export(C1, ns);
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> spec = spec(serviceImport(C1, ns).orElseThrow());
            assertThat(spec.get("sessionAffinity")).isEqualTo("ClientIP");
            assertThat(spec.get("sessionAffinityConfig")).isEqualTo(Map.of("clientIP",
                    Map.of("timeoutSeconds", hello.getSpec().getSessionAffinityConfig().getClientIP()
                            .getTimeoutSeconds())));
        });
    }

    @Test
    @DisplayName("An IP should be allocated for a ClusterSetIP ServiceImport")
    void anIpIsAllocatedForAClusterSetIpImport() throws Exception {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        List<?> ips = await().atMost(BOUND).until(() -> serviceImport(C1, ns).map(i -> (List<?>) spec(i).get("ips"))
                .orElse(List.of()), l -> !l.isEmpty());
        assertThat(InetAddress.getByName((String) ips.get(0))).isNotNull();
        assertThat((String) ips.get(0)).matches("[0-9a-f.:]+");
    }

    @Test
    @DisplayName("The ports for a ClusterSetIP ServiceImport should match those of the exported service")
    void thePortsOfTheImportMatchTheExportedService() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(ports(serviceImport(C1, ns).orElseThrow()))
                .containsExactlyElementsOf(ports(service(C1, ns))));
    }

    @Test
    @DisplayName("The ServiceImport should carry the exported service's internalTrafficPolicy, trafficDistribution "
            + "and ipFamilies")
    void theImportCarriesTrafficPolicyDistributionAndIpFamilies() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
            s.getSpec().setInternalTrafficPolicy("Local");
            s.getSpec().setTrafficDistribution("PreferClose");
        });
        export(C1, ns);
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> spec = spec(serviceImport(C2, ns).orElseThrow());
            assertThat(spec.get("internalTrafficPolicy")).isEqualTo("Local");
            assertThat(spec.get("trafficDistribution")).isEqualTo("PreferClose");
            List<?> families = (List<?>) spec.get("ipFamilies");
            assertThat(families).hasSameSizeAs((List<?>) spec.get("ips"));
            assertThat(families.get(0)).isEqualTo("IPv4");
        });
    }

    @Test
    @DisplayName("MCW: a UDP or SCTP port of an exported service is refused with a condition naming it, and the TCP "
            + "ports are imported")
    void udpAndSctpPortsAreRefusedByNameAndTheTcpPortsImported() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
            s.getSpec().getPorts().add(new ServicePortBuilder().withName("udp").withProtocol("UDP").withPort(42)
                    .build());
            s.getSpec().getPorts().add(new ServicePortBuilder().withName("stcp").withProtocol("SCTP").withPort(142)
                    .build());
        });
        export(C1, ns);
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(Fixtures.exportCondition(client(C1), ns, HELLO,
                "PortsCarried")).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("UnsupportedProtocol");
                    assertThat(c.getMessage()).contains("42/UDP", "142/SCTP");
                }));
        awaitExportCondition(C1, ns, "Valid", "True", "Valid");
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(ports(serviceImport(C2, ns).orElseThrow()))
                .containsExactly("http/TCP/42"));
    }

    @Test
    @DisplayName("A ClusterIP service exported on two clusters should expose the union of the constituent service "
            + "ports")
    void twoClustersExposeTheUnionOfTheirPorts() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        awaitImport(C1, ns);
        deployHello(C2, ns, s -> s.getSpec().getPorts().add(new ServicePortBuilder().withName("extra")
                .withProtocol("TCP").withPort(142).build()));
        export(C2, ns);
        List<String> union = new ArrayList<>(ports(service(C1, ns)));
        union.add("extra/TCP/142");
        union.sort(Comparator.naturalOrder());
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(ports(serviceImport(C1, ns).orElseThrow()))
                .containsExactlyElementsOf(union));
    }

    @Test
    @DisplayName("A ClusterIP service exported on two clusters with conflicting ports should apply the conflict "
            + "resolution policy and report a Conflict condition on each ServiceExport")
    void conflictingPortsAreResolvedByTheOldestExportAndReportedOnBothExports() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        awaitImport(C1, ns);
        deployHello(C2, ns, s -> s.getSpec().getPorts().get(0).setPort(s.getSpec().getPorts().get(0).getPort() + 1));
        export(C2, ns);
        for (String cluster : List.of(C1, C2)) {
            awaitExportCondition(cluster, ns, "Conflict", "True", "PortConflict");
        }
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> assertThat(ports(serviceImport(C1, ns).orElseThrow()))
                .containsExactlyElementsOf(ports(service(C1, ns))));
    }

    @Test
    @DisplayName("Exporting a headless service should create a ServiceImport of type Headless in the service's "
            + "namespace in each cluster. Unexporting should delete the ServiceImport")
    void aHeadlessServiceIsImportedAsHeadlessEverywhereAndUnexportingDeletesIt() {
        String ns = namespace();
        deployHello(C1, ns, s -> s.getSpec().setClusterIP("None"));
        export(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            assertThat(spec(awaitImport(cluster, ns)).get("type")).as(cluster).isEqualTo("Headless");
        }
        unexport(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            awaitNoImport(cluster, ns);
        }
    }

    @Test
    @DisplayName("No clusterset IP should be allocated for a Headless ServiceImport")
    void noIpIsAllocatedForAHeadlessImport() {
        String ns = namespace();
        deployHello(C1, ns, s -> s.getSpec().setClusterIP("None"));
        export(C1, ns);
        awaitImport(C1, ns);
        // upstream: consistently empty for 5 s, probed every second
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat((List<?>) spec(serviceImport(C1, ns).orElseThrow())
                        .getOrDefault("ips", List.of())).isEmpty());
    }

    @Test
    @DisplayName("Exporting an ExternalName service should set ServiceExport Valid condition to False")
    void anExternalNameServiceIsNotValidAndNotImported() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
            s.getSpec().setType("ExternalName");
            s.getSpec().setExternalName("example.com");
        });
        export(C1, ns);
        awaitExportCondition(C1, ns, "Valid", "False", "InvalidServiceType");
        // upstream: ensureNoServiceImport, consistently absent
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    assertThat(serviceImport(C1, ns)).isEmpty();
                    assertThat(serviceImport(C2, ns)).isEmpty();
                });
    }

    @Test
    @DisplayName("A service exported on two clusters with conflicting headlessness should apply the conflict "
            + "resolution policy and report a Conflict condition on the ServiceExport")
    void conflictingHeadlessnessIsResolvedByTheOldestExportAndReportedOnBothExports() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        awaitImport(C1, ns);
        deployHello(C2, ns, s -> s.getSpec().setClusterIP("None"));
        export(C2, ns);
        for (String cluster : List.of(C1, C2)) {
            awaitExportCondition(cluster, ns, "Conflict", "True", "TypeConflict");
        }
        for (String cluster : List.of(C1, C2)) {
            assertThat(spec(awaitImport(cluster, ns)).get("type")).as(cluster).isEqualTo("ClusterSetIP");
        }
    }

    @Test
    @DisplayName("Exporting a service should create an MCS EndpointSlice in the service's namespace in each cluster "
            + "with the required MCS labels. Unexporting should delete the EndpointSlice.")
    void everyClusterGetsAnMcsEndpointSliceWithTheRequiredLabelsAndUnexportingDeletesIt() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        export(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            EndpointSlice slice = await().atMost(BOUND).until(() -> mcsSlice(cluster, ns), Optional::isPresent)
                    .orElseThrow();
            assertThat(slice.getMetadata().getLabels())
                    .as("labels of %s in %s", slice.getMetadata().getName(), cluster)
                    .containsEntry("multicluster.kubernetes.io/service-name", HELLO)
                    .containsKey("multicluster.kubernetes.io/source-cluster")
                    .containsKey("endpointslice.kubernetes.io/managed-by");
            assertThat(slice.getMetadata().getLabels().get("endpointslice.kubernetes.io/managed-by"))
                    .isNotEqualTo("endpointslice-controller.k8s.io");
        }
        unexport(C1, ns);
        for (String cluster : List.of(C1, C2)) {
            await().atMost(BOUND).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> assertThat(mcsSlice(cluster, ns)).isEmpty());
        }
    }

    @Test
    @DisplayName("Only labels and annotations specified as exported in the ServiceExport should be propagated to the "
            + "ServiceImport")
    void onlyTheExportedLabelsAndAnnotationsReachTheImport() {
        String ns = namespace();
        deployHello(C1, ns, s -> s.getMetadata().setAnnotations(Map.of("service-annotation", "true")));
        exportWithLabels(C1, ns, "dummy-label", "dummy-annotation");
        await().atMost(BOUND).ignoreExceptions().untilAsserted(() -> {
            GenericKubernetesResource imported = serviceImport(C2, ns).orElseThrow();
            assertThat(imported.getMetadata().getLabels()).containsEntry("dummy-label", "true")
                    .doesNotContainKey("app");
            assertThat(imported.getMetadata().getAnnotations()).containsEntry("dummy-annotation", "true")
                    .doesNotContainKey("service-annotation");
        });
    }

    @Test
    @DisplayName("A service exported on two clusters with conflicting annotations and labels should apply the "
            + "conflict resolution policy and report a Conflict condition on each ServiceExport")
    void conflictingExportedLabelsAndAnnotationsAreResolvedByTheOldestExportAndReported() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        exportWithLabels(C1, ns, "dummy-label", "dummy-annotation");
        awaitImport(C2, ns);
        deployHello(C2, ns, s -> {
        });
        exportWithLabels(C2, ns, "dummy-label2", "dummy-annotation2");
        for (String cluster : List.of(C1, C2)) {
            await("Conflict=True (LabelsConflict, AnnotationsConflict) on the export in " + cluster).atMost(BOUND)
                    .untilAsserted(() -> assertThat(Fixtures.exportCondition(client(cluster), ns, HELLO, "Conflict"))
                            .hasValueSatisfying(c -> {
                                assertThat(c.getStatus()).isEqualTo("True");
                                assertThat(c.getReason()).contains("LabelsConflict", "AnnotationsConflict");
                            }));
        }
        GenericKubernetesResource imported = serviceImport(C1, ns).orElseThrow();
        assertThat(imported.getMetadata().getLabels()).containsEntry("dummy-label", "true")
                .doesNotContainKey("dummy-label2");
        assertThat(imported.getMetadata().getAnnotations()).containsEntry("dummy-annotation", "true")
                .doesNotContainKey("dummy-annotation2");
    }

    @Test
    @DisplayName("MCW: a ServiceExport written as v1alpha1 keeps working, and reads at both versions")
    void aV1alpha1ServiceExportIsImportedEverywhere() {
        String ns = namespace();
        deployHello(C1, ns, s -> {
        });
        YamlApplier.apply(client(C1), """
                apiVersion: multicluster.x-k8s.io/v1alpha1
                kind: ServiceExport
                metadata:
                  name: %s
                  namespace: %s
                  annotations: {mcw.l7mp.io/mc-wan-policy: %s}
                """.formatted(HELLO, ns, Fixtures.HIGH));
        for (String cluster : List.of(C1, C2)) {
            assertThat(spec(awaitImport(cluster, ns)).get("type")).as(cluster).isEqualTo("ClusterSetIP");
        }
        awaitExportCondition(C1, ns, "Valid", "True", "Valid");
        assertThat(client(C1).genericKubernetesResources("multicluster.x-k8s.io/v1alpha1", "ServiceImport")
                .inNamespace(ns).withName(HELLO).get()).as("the import read at v1alpha1").isNotNull();
    }

    private static void exportWithLabels(String cluster, String ns, String label, String annotation) {
        YamlApplier.apply(client(cluster), """
                apiVersion: multicluster.x-k8s.io/v1beta1
                kind: ServiceExport
                metadata:
                  name: %s
                  namespace: %s
                  annotations: {mcw.l7mp.io/mc-wan-policy: %s}
                spec:
                  exportedLabels: {%s: "true"}
                  exportedAnnotations: {%s: "true"}
                """.formatted(HELLO, ns, Fixtures.HIGH, label, annotation));
    }

    // --- the upstream driver's steps --------------------------------------------------------------------------------

    /** A fresh namespace in every cluster, as the upstream driver makes for each case. */
    private static String namespace() {
        String ns = "mcs-conformance-" + NAMESPACES.incrementAndGet();
        for (String cluster : sandbox.clusters()) {
            Fixtures.namespace(sandbox.client(cluster), ns);
        }
        return ns;
    }

    /** The suite's hello Service: ClusterIP, one TCP port, ClientIP-capable; {@code change} adapts it. */
    private static void deployHello(String cluster, String ns, Consumer<Service> change) {
        Service hello = new ServiceBuilder()
                .withNewMetadata().withNamespace(ns).withName(HELLO).withLabels(Map.of("app", HELLO)).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(Map.of("app", HELLO))
                .withPorts(new ArrayList<>(List.of(new ServicePortBuilder().withName("http").withProtocol("TCP")
                        .withPort(42).build())))
                .withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(10).endClientIP()
                .endSessionAffinityConfig()
                .endSpec().build();
        change.accept(hello);
        if (!"ClientIP".equals(hello.getSpec().getSessionAffinity())) {
            hello.getSpec().setSessionAffinityConfig(null);
        }
        client(cluster).resource(hello).create();
    }

    private static void export(String cluster, String ns) {
        Fixtures.createExport(client(cluster), ns, HELLO, Fixtures.HIGH);
    }

    private static void unexport(String cluster, String ns) {
        Fixtures.deleteExport(client(cluster), ns, HELLO);
    }

    private static GenericKubernetesResource awaitImport(String cluster, String ns) {
        return await("ServiceImport " + ns + "/" + HELLO + " in " + cluster).atMost(BOUND)
                .until(() -> serviceImport(cluster, ns), Optional::isPresent).orElseThrow();
    }

    private static void awaitNoImport(String cluster, String ns) {
        await("no ServiceImport " + ns + "/" + HELLO + " in " + cluster).atMost(BOUND)
                .until(() -> serviceImport(cluster, ns).isEmpty());
    }

    private static void awaitExportCondition(String cluster, String ns, String type, String status, String reason) {
        ConditionFactory wait = await(type + "=" + status + " (" + reason + ") on the export in " + cluster);
        wait.atMost(BOUND).untilAsserted(() -> assertThat(Fixtures.exportCondition(client(cluster), ns, HELLO, type))
                .hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo(status);
                    assertThat(c.getReason()).isEqualTo(reason);
                    assertThat(c.getMessage()).isNotBlank();
                }));
    }

    private static Optional<GenericKubernetesResource> serviceImport(String cluster, String ns) {
        return Optional.ofNullable(client(cluster).genericKubernetesResources(GROUP_VERSION, "ServiceImport")
                .inNamespace(ns).withName(HELLO).get());
    }

    private static Service service(String cluster, String ns) {
        return client(cluster).services().inNamespace(ns).withName(HELLO).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource object) {
        return (Map<String, Object>) object.getAdditionalProperties().getOrDefault("spec", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> importClusters(String cluster, String ns) {
        return serviceImport(cluster, ns).map(i -> (Map<String, Object>) i.getAdditionalProperties()
                .getOrDefault("status", Map.of()))
                .map(s -> ((List<Map<String, Object>>) s.getOrDefault("clusters", List.of())).stream()
                        .map(c -> (String) c.get("cluster")).sorted().toList())
                .orElse(List.of());
    }

    /** {@code name/protocol/port} of each port, sorted (the upstream's {@code sortMCSPorts}). */
    @SuppressWarnings("unchecked")
    private static List<String> ports(GenericKubernetesResource serviceImport) {
        return ((List<Map<String, Object>>) spec(serviceImport).getOrDefault("ports", List.of())).stream()
                .map(p -> p.getOrDefault("name", "") + "/" + p.getOrDefault("protocol", "TCP") + "/"
                        + ((Number) p.get("port")).intValue())
                .sorted().toList();
    }

    private static List<String> ports(Service service) {
        return service.getSpec().getPorts().stream().map(McsConformanceIT::port).sorted().toList();
    }

    private static String port(ServicePort port) {
        return (port.getName() == null ? "" : port.getName()) + "/" + port.getProtocol() + "/" + port.getPort();
    }

    /** An EndpointSlice that carries an MCS label, as the upstream's {@code awaitMCSEndpointSlice} finds it. */
    private static Optional<EndpointSlice> mcsSlice(String cluster, String ns) {
        return client(cluster).discovery().v1().endpointSlices().inNamespace(ns).list().getItems().stream()
                .filter(s -> s.getMetadata().getLabels() != null
                        && (s.getMetadata().getLabels().containsKey("multicluster.kubernetes.io/service-name")
                                || s.getMetadata().getLabels().containsKey("multicluster.kubernetes.io/source-cluster")))
                .findFirst();
    }

    private static KubernetesClient client(String cluster) {
        return sandbox.client(cluster);
    }
}

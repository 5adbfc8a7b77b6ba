package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

class ApiServerTest {

    private static final ResourceDefinitionContext WAN_POLICY = KubeKinds.find("mcw.l7mp.io/v1alpha1", "WANPolicy")
            .orElseThrow().context();
    private static final ResourceDefinitionContext SERVICE_EXPORT = KubeKinds
            .find("multicluster.x-k8s.io/v1beta1", "ServiceExport").orElseThrow().context();

    private static ApiServer server;
    private KubernetesClient client;

    @BeforeAll
    static void startServer() {
        server = ApiServer.start("cluster-1");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void connect() {
        client = server.client();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void servicesGetUniqueClusterIpsThatSurviveUpdates() {
        // When
        Service web = client.services().inNamespace("east").resource(service("web")).create();
        Service db = client.services().inNamespace("east").resource(service("db")).create();
        Service headless = client.services().inNamespace("east")
                .resource(new ServiceBuilder(service("headless")).editSpec().withClusterIP("None").endSpec().build())
                .create();
        Service replaced = client.services().inNamespace("east").resource(service("web")).update();
        Service patched = client.services().inNamespace("east").withName("db").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\":\"remove\",\"path\":\"/spec/clusterIP\"},{\"op\":\"remove\",\"path\":\"/spec/clusterIPs\"}]");

        // Then
        assertThat(web.getSpec().getClusterIP()).startsWith("10.96.").isNotEqualTo(db.getSpec().getClusterIP());
        assertThat(db.getSpec().getClusterIP()).startsWith("10.96.");
        assertThat(web.getSpec().getClusterIPs()).containsExactly(web.getSpec().getClusterIP());
        assertThat(web.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(web.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(web.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(replaced.getSpec().getClusterIP()).isEqualTo(web.getSpec().getClusterIP());
        assertThat(patched.getSpec().getClusterIP()).isEqualTo(db.getSpec().getClusterIP());
        assertThat(client.services().inNamespace("east").withName("web").get().getSpec().getClusterIP())
                .isEqualTo(web.getSpec().getClusterIP());
    }

    @Test
    void clusterIpsStartAt10_96_0_10OnEveryServer() {
        try (ApiServer fresh = ApiServer.start("cluster-3"); KubernetesClient freshClient = fresh.client()) {
            // When
            Service first = freshClient.services().inNamespace("default").resource(service("first")).create();

            // Then
            assertThat(first.getSpec().getClusterIP()).isEqualTo("10.96.0.10");
        }
    }

    @Test
    void clusterIpMayNotChangeOnceSet() {
        // Given
        Service api = client.services().inNamespace("north").resource(service("api")).create();

        // When / Then
        Service moved = new ServiceBuilder(api).editSpec().withClusterIP("10.96.200.1").withClusterIPs("10.96.200.1")
                .endSpec().build();
        assertThatThrownBy(() -> client.services().inNamespace("north").resource(moved).update())
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("may not change once set");
    }

    @Test
    void serverSideApplyCreatesThenUpdatesAndKeepsTheClusterIp() {
        // Given
        Service first = client.services().inNamespace("south").resource(service("cache")).serverSideApply();

        // When
        Service second = client.services().inNamespace("south").resource(new ServiceBuilder(service("cache"))
                .editSpec().editFirstPort().withPort(9090).endPort().endSpec().build()).serverSideApply();

        // Then
        assertThat(first.getSpec().getClusterIP()).startsWith("10.96.");
        assertThat(second.getSpec().getClusterIP()).isEqualTo(first.getSpec().getClusterIP());
        assertThat(second.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    }

    @Test
    void createdObjectsGetServerSideMetadata() {
        // When
        var configMap = client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().addToData("a", "1").build()).create();

        // Then
        assertThat(configMap.getMetadata().getUid()).isNotBlank();
        assertThat(configMap.getMetadata().getCreationTimestamp()).isNotBlank();
        assertThat(configMap.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(configMap.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(client.namespaces().withName("default").get()).isNotNull();
        assertThat(client.namespaces().withName("kube-system").get().getStatus().getPhase()).isEqualTo("Active");
    }

    @Test
    void customResourcesHaveAStatusSubresourceAndAGenerationThatFollowsTheSpec() {
        // Given
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> policies = client
                .genericKubernetesResources(WAN_POLICY);
        GenericKubernetesResource created = policies.resource(wanPolicy("latency-first", 3)).create();

        // When
        GenericKubernetesResource withStatus = new GenericKubernetesResourceBuilder(created).build();
        withStatus.setAdditionalProperty("status", Map.of("observedGeneration", 1, "phase", "Accepted"));
        policies.resource(withStatus).updateStatus();
        GenericKubernetesResource respecced = policies.withName("latency-first").get();
        respecced.setAdditionalProperty("spec", spec(5));
        respecced.setAdditionalProperty("status", Map.of("phase", "Forged"));
        policies.resource(respecced).update();

        GenericKubernetesResource patched = policies.withName("latency-first").get();
        patched.setAdditionalProperty("status", Map.of("phase", "Accepted", "conditions", List.of(Map.of("type",
                "Ready"))));
        policies.resource(patched).patchStatus();

        // Then
        GenericKubernetesResource stored = policies.withName("latency-first").get();
        assertThat(stored.<String> get("status", "conditions", 0, "type")).isEqualTo("Ready");
        assertThat(created.getMetadata().getNamespace()).isNull();
        assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(stored.getMetadata().getGeneration()).isEqualTo(2L);
        assertThat(stored.<Integer> get("spec", "maxRetries")).isEqualTo(5);
        assertThat(stored.<String> get("status", "phase")).isEqualTo("Accepted");
    }

    @Test
    void informersSeeServiceExportsAddedAndTheirStatusModified() {
        // Given
        List<String> events = new CopyOnWriteArrayList<>();
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> exports = client
                .genericKubernetesResources(SERVICE_EXPORT);
        SharedIndexInformer<GenericKubernetesResource> informer = exports.inAnyNamespace()
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                        events.add("ADDED " + obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                        events.add("MODIFIED " + newObj.getMetadata().getName() + " " + newObj.get("status", "phase"));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                        events.add("DELETED " + obj.getMetadata().getName());
                    }
                });
        try {
            // When
            GenericKubernetesResource export = exports.inNamespace("east").resource(serviceExport("web")).create();
            export.setAdditionalProperty("status", Map.of("phase", "Exported"));
            exports.inNamespace("east").resource(export).updateStatus();

            // Then
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events).containsExactly("ADDED east/web", "MODIFIED web Exported"));
            assertThat(informer.getStore().getByKey("east/web").<String> get("status", "phase")).isEqualTo("Exported");
        } finally {
            informer.close();
        }
    }

    @Test
    void discoveryServesTheKnownKinds() {
        // When
        GenericKubernetesResource created = client.genericKubernetesResources("mcw.l7mp.io/v1alpha1", "WANPolicy")
                .resource(wanPolicy("via-discovery", 1)).create();

        // Then
        assertThat(client.genericKubernetesResources(WAN_POLICY).withName("via-discovery").get()).isNotNull();
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(client.getApiGroup("multicluster.x-k8s.io").getPreferredVersion().getVersion())
                .isEqualTo(CrdCatalog.committed().crds().stream().filter(c -> c.kind().equals("ServiceExport"))
                        .findFirst().orElseThrow().storageVersion().name());
    }

    @Test
    void kubeconfigHasOneContextPerCluster(@TempDir Path dir) throws Exception {
        try (ApiServer second = ApiServer.start("cluster-2")) {
            // Given
            Path kubeconfig = ApiServer.writeKubeconfig(dir.resolve("kubeconfig"), List.of(server, second));

            // When
            Config config = Config.fromKubeconfig("cluster-2", kubeconfig.toFile());
            try (KubernetesClient viaKubeconfig = new KubernetesClientBuilder().withConfig(config).build();
                    KubernetesClient direct = second.client()) {
                viaKubeconfig.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                        .withName("only-in-cluster-2").endMetadata().build()).create();

                // Then
                assertThat(config.getMasterUrl()).startsWith(second.url());
                assertThat(config.getCurrentContext().getName()).isEqualTo("cluster-2");
                assertThat(direct.configMaps().inNamespace("default").withName("only-in-cluster-2").get()).isNotNull();
                assertThat(client.configMaps().inNamespace("default").withName("only-in-cluster-2").get()).isNull();
            }
        }
    }

    private static Service service(String name) {
        return new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withName("http").withPort(8080).endPort()
                .endSpec().build();
    }

    private static GenericKubernetesResource wanPolicy(String name, int maxRetries) {
        return new GenericKubernetesResourceBuilder().withApiVersion("mcw.l7mp.io/v1alpha1").withKind("WANPolicy")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec(maxRetries))
                .build();
    }

    /** A spec the committed WANPolicy CRD admits, with a field of its own that the tests change. */
    private static Map<String, Object> spec(int maxRetries) {
        return Map.of("tunnel", "business", "port", 31111, "maxRetries", maxRetries);
    }

    private static GenericKubernetesResource serviceExport(String name) {
        return new GenericKubernetesResourceBuilder().withApiVersion("multicluster.x-k8s.io/v1beta1")
                .withKind("ServiceExport").withNewMetadata().withName(name).endMetadata().build();
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * A CRD that serves two versions (the fixture {@code two-versions/}: v1alpha1 and v1beta1, stored as v1beta1) serves
 * the same objects at both, as a real API server does without a conversion webhook when the schemas are compatible.
 */
class ApiServerVersionsTest {

    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() throws URISyntaxException {
        Path fixture = Path.of(getClass().getResource("/two-versions").toURI());
        server = ApiServer.builder("cluster-1").crds(CrdCatalog.load(fixture)).start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void anObjectCreatedAtOneVersionIsReadAtBothEachWithItsOwnApiVersion() {
        // Given
        client.genericKubernetesResources(context("v1alpha1")).inNamespace("default")
                .resource(export("v1alpha1", "payment")).create();

        // When
        GenericKubernetesResource asBeta = client.genericKubernetesResources(context("v1beta1")).inNamespace("default")
                .withName("payment").get();
        GenericKubernetesResource asAlpha = client.genericKubernetesResources(context("v1alpha1"))
                .inNamespace("default").withName("payment").get();

        // Then
        assertThat(asBeta.getApiVersion()).isEqualTo("multicluster.x-k8s.io/v1beta1");
        assertThat(asAlpha.getApiVersion()).isEqualTo("multicluster.x-k8s.io/v1alpha1");
        assertThat(asBeta.getMetadata().getUid()).isEqualTo(asAlpha.getMetadata().getUid());
        assertThat(client.genericKubernetesResources(context("v1alpha1")).inAnyNamespace().list().getItems())
                .extracting(GenericKubernetesResource::getApiVersion).containsExactly("multicluster.x-k8s.io/v1alpha1");
        assertThat(client.genericKubernetesResources(context("v1beta1")).inAnyNamespace().list().getItems())
                .extracting(GenericKubernetesResource::getApiVersion).containsExactly("multicluster.x-k8s.io/v1beta1");
    }

    @Test
    void anUpdateAtOneVersionIsSeenAtTheOtherAndAWatchOfEitherVersionSeesIt() {
        // Given a watch of v1beta1 and an object created through v1alpha1
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch watch = client.genericKubernetesResources(context("v1beta1")).inNamespace("default")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, GenericKubernetesResource resource) {
                        events.add(action + " " + resource.getMetadata().getName());
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            client.genericKubernetesResources(context("v1alpha1")).inNamespace("default")
                    .resource(export("v1alpha1", "payment")).create();

            // When
            client.genericKubernetesResources(context("v1beta1")).inNamespace("default").withName("payment")
                    .edit(e -> {
                        e.setAdditionalProperty("spec", Map.of("exportedLabels", Map.of("tier", "gold")));
                        return e;
                    });

            // Then
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events).containsExactly("ADDED payment", "MODIFIED payment"));
            assertThat(client.genericKubernetesResources(context("v1alpha1")).inNamespace("default")
                    .withName("payment").get().<String> get("spec", "exportedLabels", "tier")).isEqualTo("gold");
        }
    }

    @Test
    void discoveryListsBothVersionsAndPrefersTheStorageOne() {
        // When
        JsonNode group = Http.json(Http.get(server.url() + "/apis/multicluster.x-k8s.io", "application/json"));
        JsonNode alpha = Http.json(Http.get(server.url() + "/apis/multicluster.x-k8s.io/v1alpha1", "application/json"));

        // Then
        assertThat(group.path("versions").findValuesAsText("version")).containsExactly("v1beta1", "v1alpha1");
        assertThat(group.at("/preferredVersion/version").asText()).isEqualTo("v1beta1");
        assertThat(alpha.at("/resources/0/shortNames/0").asText()).isEqualTo("svcex");
        assertThat(alpha.at("/resources/0/categories/0").asText()).isEqualTo("multicluster");
    }

    @Test
    void eachVersionHasItsOwnPrinterColumnsAndSchema() {
        // Given
        client.genericKubernetesResources(context("v1beta1")).inNamespace("default")
                .resource(export("v1beta1", "payment")).create();

        // When
        JsonNode betaTable = Http.json(Http.get(server.url()
                + "/apis/multicluster.x-k8s.io/v1beta1/namespaces/default/serviceexports",
                "application/json;as=Table;v=v1;g=meta.k8s.io"));
        JsonNode alphaTable = Http.json(Http.get(server.url()
                + "/apis/multicluster.x-k8s.io/v1alpha1/namespaces/default/serviceexports",
                "application/json;as=Table;v=v1;g=meta.k8s.io"));
        HttpResponse<byte[]> refused = Http.send("POST",
                server.url() + "/apis/multicluster.x-k8s.io/v1beta1/namespaces/default/serviceexports",
                "application/json", """
                        {"apiVersion":"multicluster.x-k8s.io/v1beta1","kind":"ServiceExport",
                         "metadata":{"name":"bad","namespace":"default"},"spec":{"exportedLabels":{"tier":3}}}"""
                        .getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(betaTable.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age",
                "Labels");
        assertThat(alphaTable.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(Http.json(refused).path("message").asText()).contains(
                "spec.exportedLabels.tier: Invalid value: \"integer\": spec.exportedLabels.tier in body must be of type string");
    }

    @Test
    void theCommittedMcsCrdsServeBothVersionsOfOneObjectAndPreferV1beta1() {
        // Given: the CRDs of k8s/crds, as every service's tests and the sandbox use them
        try (ApiServer committed = ApiServer.start("cluster-1"); KubernetesClient c = committed.client()) {
            GenericKubernetesResource alpha = export("v1alpha1", "payment");
            alpha.setAdditionalProperty("spec", Map.of("exportedLabels", Map.of("tier", "gold")));
            c.genericKubernetesResources(context("v1alpha1")).inNamespace("default").resource(alpha).create();

            // When
            GenericKubernetesResource beta = c.genericKubernetesResources(context("v1beta1")).inNamespace("default")
                    .withName("payment").get();
            JsonNode group = Http.json(Http.get(committed.url() + "/apis/multicluster.x-k8s.io", "application/json"));
            JsonNode betaResources = Http.json(Http.get(committed.url() + "/apis/multicluster.x-k8s.io/v1beta1",
                    "application/json"));

            // Then
            assertThat(beta.getApiVersion()).isEqualTo("multicluster.x-k8s.io/v1beta1");
            assertThat(beta.<String> get("spec", "exportedLabels", "tier")).isEqualTo("gold");
            assertThat(group.path("versions").findValuesAsText("version")).containsExactlyInAnyOrder("v1beta1",
                    "v1alpha1");
            assertThat(group.at("/preferredVersion/version").asText()).isEqualTo("v1beta1");
            assertThat(betaResources.path("resources").findValuesAsText("name")).contains("serviceexports",
                    "serviceimports");
            assertThat(betaResources.toString()).contains("\"svcexport\"", "\"svcimport\"", "\"multicluster\"");
        }
    }

    private static ResourceDefinitionContext context(String version) {
        return new ResourceDefinitionContext.Builder().withGroup("multicluster.x-k8s.io").withVersion(version)
                .withKind("ServiceExport").withPlural("serviceexports").withNamespaced(true).build();
    }

    private static GenericKubernetesResource export(String version, String name) {
        GenericKubernetesResource export = new GenericKubernetesResource();
        export.setApiVersion("multicluster.x-k8s.io/" + version);
        export.setKind("ServiceExport");
        export.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name)
                .withNamespace("default").build());
        export.setAdditionalProperty("spec", Map.of());
        return export;
    }
}

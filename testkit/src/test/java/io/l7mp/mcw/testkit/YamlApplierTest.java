package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;

class YamlApplierTest {

    private static final String MANIFEST = """
            # the WAN policy of the east cluster
            apiVersion: v1
            kind: Namespace
            metadata:
              name: mcw-system
            ---
            ---
            # a comment-only document
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: mcw-system
            spec:
              selector:
                app: web
              ports:
                - name: http
                  port: 8080
            ---
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata:
              name: latency-first
            spec:
              tunnel: business
              port: 31111
              maxRetries: 3
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: no-namespace
            data:
              key: value
            """;

    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void startServer() {
        server = ApiServer.start("cluster-1");
        client = server.client();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.close();
    }

    @Test
    void applyingAManifestTwiceChangesNothing(@TempDir Path dir) throws Exception {
        // Given
        Path manifest = Files.writeString(dir.resolve("east.yaml"), MANIFEST);

        // When
        List<GenericKubernetesResource> first = YamlApplier.apply(client, manifest);
        List<GenericKubernetesResource> second = YamlApplier.apply(client, manifest);

        // Then
        assertThat(names(first)).containsExactly("Namespace mcw-system", "Service mcw-system/web",
                "WANPolicy latency-first", "ConfigMap default/no-namespace");
        assertThat(versions(second)).isEqualTo(versions(first));
        assertThat(second.get(1).<String> get("spec", "clusterIP")).startsWith("10.96.")
                .isEqualTo(first.get(1).<String> get("spec", "clusterIP"));
        assertThat(second.get(2).getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(client.genericKubernetesResources(KubeKinds.find("mcw.l7mp.io/v1alpha1", "WANPolicy").orElseThrow()
                .context()).withName("latency-first").get().<Integer> get("spec", "maxRetries")).isEqualTo(3);
    }

    @Test
    void applyingAChangedManifestUpdatesTheObject() {
        // Given
        YamlApplier.apply(client, MANIFEST);

        // When
        List<GenericKubernetesResource> applied = YamlApplier.apply(client, MANIFEST.replace("maxRetries: 3",
                "maxRetries: 7"));

        // Then
        assertThat(applied.get(2).<Integer> get("spec", "maxRetries")).isEqualTo(7);
        assertThat(applied.get(2).getMetadata().getGeneration()).isEqualTo(2L);
    }

    @Test
    void unknownKindFailsBeforeAnythingIsApplied(@TempDir Path dir) throws Exception {
        // Given
        Path manifest = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: must-not-be-created
                ---
                apiVersion: example.com/v1
                kind: Frobnicator
                metadata:
                  name: frob
                """);

        // When / Then
        assertThatThrownBy(() -> YamlApplier.apply(client, manifest))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Frobnicator")
                .hasMessageContaining("example.com/v1")
                .hasMessageContaining(manifest.toString());
        assertThat(client.configMaps().inNamespace("default").withName("must-not-be-created").get()).isNull();
    }

    @Test
    void aDirectoryIsAppliedInFileNameOrderAndDeletedLastFirst(@TempDir Path dir) throws Exception {
        // Given
        Files.writeString(dir.resolve("20-export.yml"), """
                apiVersion: multicluster.x-k8s.io/v1beta1
                kind: ServiceExport
                metadata:
                  name: web
                  namespace: shop
                """);
        Files.writeString(dir.resolve("10-namespace.yaml"), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                """);
        Files.writeString(dir.resolve("README.md"), "not a manifest");

        // When
        List<GenericKubernetesResource> applied = YamlApplier.apply(client, dir);
        List<GenericKubernetesResource> deleted = YamlApplier.delete(client, dir);

        // Then
        assertThat(names(applied)).containsExactly("Namespace shop", "ServiceExport shop/web");
        assertThat(names(deleted)).containsExactly("ServiceExport shop/web", "Namespace shop");
        assertThat(client.namespaces().withName("shop").get()).isNull();
    }

    private static List<String> names(List<GenericKubernetesResource> resources) {
        return resources.stream()
                .map(r -> r.getKind() + " " + (r.getMetadata().getNamespace() == null ? ""
                        : r.getMetadata().getNamespace() + "/") + r.getMetadata().getName())
                .collect(Collectors.toList());
    }

    private static List<String> versions(List<GenericKubernetesResource> resources) {
        return resources.stream()
                .map(r -> r.getMetadata().getUid() + "@" + r.getMetadata().getResourceVersion())
                .collect(Collectors.toList());
    }
}

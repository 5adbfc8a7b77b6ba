package io.l7mp.mcw.sandbox.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.l7mp.mcw.imports.domain.LabelSelector;
import io.l7mp.mcw.sandbox.RepoRoot;

/** The deployment manifests in k8s/base agree with the services they deploy. */
class DeploymentManifestsTest {
    static final Path ROOT = RepoRoot.find();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(String file) throws IOException {
        return documents(ROOT.resolve("k8s/base").resolve(file));
    }

    static List<JsonNode> documents(Path path) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(path.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static JsonNode find(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())
                && name.equals(d.path("metadata").path("name").asText())).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = { "policy-service", "export-service", "import-service", "gateway-service",
            "telemetry-service" })
    void eachServiceHasADeploymentWithItsOwnAccountAndPort(String service) throws IOException {
        // Given
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(
                ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
            properties.load(in);
        }

        // When
        JsonNode deployment = find(documents("deployments.yaml"), "Deployment", "mcw-" + service);
        JsonNode account = find(documents("rbac.yaml"), "ServiceAccount", "mcw-" + service);

        // Then
        assertThat(deployment).as("Deployment mcw-%s", service).isNotNull();
        assertThat(account).as("ServiceAccount mcw-%s", service).isNotNull();
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("mcw-" + service);
        assertThat(pod.path("containers").get(0).path("ports").get(0).path("containerPort").asText())
                .isEqualTo(properties.getProperty("quarkus.http.port"));
    }

    @Test
    void writersHoldWritePermissionsOnlyOnWhatTheyOwn() throws IOException {
        // Given
        List<JsonNode> rbac = documents("rbac.yaml");

        // Then: the import-service creates imports; the export-service only writes export status
        assertThat(verbs(rbac, "mcw-import-service", "serviceimports")).contains("create", "delete");
        assertThat(verbs(rbac, "mcw-export-service", "serviceexports")).containsOnly("get", "list", "watch");
        assertThat(verbs(rbac, "mcw-export-service", "serviceexports/status")).contains("update");
        assertThat(verbs(rbac, "mcw-policy-service", "wanpolicies")).containsOnly("get", "list", "watch");
    }

    static List<String> verbs(List<JsonNode> rbac, String role, String resource) {
        return verbs(find(rbac, "ClusterRole", role), resource);
    }

    static List<String> verbs(JsonNode role, String resource) {
        List<String> verbs = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            for (JsonNode r : rule.path("resources")) {
                if (resource.equals(r.asText())) {
                    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
                }
            }
        }
        return verbs;
    }

    @Test
    void configMapCarriesTheSettingsEveryServiceNeeds() throws IOException {
        Map<String, String> data = configData();
        assertThat(data).containsKeys("MCW_CLUSTER_NAME", "KAFKA_BOOTSTRAP_SERVERS", "MCW_EXPORT_INGRESS_ADDRESS",
                "MCW_IMPORT_EGRESS_POD_SELECTOR", "MCW_IMPORT_EGRESS_POD_NAMESPACE");
        // a DNS name there gives FQDN EndpointSlices, which kube-proxy ignores: the selector replaces it
        assertThat(data).doesNotContainKey("MCW_IMPORT_EGRESS_ADDRESS");
    }

    @Test
    void importServiceSelectsExactlyTheReadyCheckedGatewayPods() throws IOException {
        // Given: the selector as the import-service parses it
        Map<String, String> config = configData();
        LabelSelector selector = LabelSelector.parse(config.get("MCW_IMPORT_EGRESS_POD_SELECTOR"));
        String namespace = config.get("MCW_IMPORT_EGRESS_POD_NAMESPACE");
        List<JsonNode> deployments = documents("deployments.yaml").stream()
                .filter(d -> "Deployment".equals(d.path("kind").asText())).toList();

        // When
        List<String> selected = deployments.stream()
                .filter(d -> namespace.equals(d.path("metadata").path("namespace").asText()))
                .filter(d -> selector.matches(labels(d.path("spec").path("template").path("metadata").path("labels"))))
                .map(d -> d.path("metadata").path("name").asText()).toList();

        // Then: the gateway's pods and no others, and they say when they are ready
        assertThat(selected).as("Deployments whose pods match %s in %s", selector, namespace)
                .containsExactly("mcw-gateway-service");
        JsonNode gateway = find(deployments, "Deployment", "mcw-gateway-service");
        assertThat(selector.matches(labels(gateway.path("spec").path("selector").path("matchLabels")))).as(
                "the Deployment's own selector implies the import-service's").isTrue();
        assertThat(gateway.path("spec").path("template").path("spec").path("containers").get(0)
                .path("readinessProbe").isObject()).as("readinessProbe of the gateway container").isTrue();
    }

    @Test
    void importServiceMayReadPodsInMcwSystemOnly() throws IOException {
        // Given
        List<JsonNode> rbac = documents("rbac.yaml");

        // When
        List<JsonNode> bindings = rbac.stream().filter(d -> "RoleBinding".equals(d.path("kind").asText()))
                .filter(d -> StreamSupport.stream(d.path("subjects").spliterator(), false)
                        .anyMatch(s -> "mcw-import-service".equals(s.path("name").asText())
                                && "mcw-system".equals(s.path("namespace").asText())))
                .toList();

        // Then: a Role in mcw-system grants get/list/watch on pods; the ClusterRole grants no pods anywhere
        assertThat(bindings).singleElement().satisfies(binding -> {
            assertThat(binding.path("metadata").path("namespace").asText()).isEqualTo("mcw-system");
            assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
            JsonNode role = find(rbac, "Role", binding.path("roleRef").path("name").asText());
            assertThat(role).as("Role %s", binding.path("roleRef").path("name").asText()).isNotNull();
            assertThat(role.path("metadata").path("namespace").asText()).isEqualTo("mcw-system");
            assertThat(verbs(role, "pods")).containsExactlyInAnyOrder("get", "list", "watch");
        });
        assertThat(verbs(rbac, "mcw-import-service", "pods")).isEmpty();
    }

    private static Map<String, String> configData() throws IOException {
        JsonNode config = find(documents("config.yaml"), "ConfigMap", "mcw-config");
        Map<String, String> data = new LinkedHashMap<>();
        config.path("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, String> labels(JsonNode labels) {
        Map<String, String> result = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }
}

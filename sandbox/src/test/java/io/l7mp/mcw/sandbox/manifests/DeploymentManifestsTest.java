package io.l7mp.mcw.sandbox.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.l7mp.mcw.sandbox.RepoRoot;

/** The deployment manifests in k8s/base agree with the services they deploy. */
class DeploymentManifestsTest {
    static final Path ROOT = RepoRoot.find();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(String file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(ROOT.resolve("k8s/base").resolve(file).toFile())) {
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
        List<String> verbs = new ArrayList<>();
        for (JsonNode rule : find(rbac, "ClusterRole", role).path("rules")) {
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
        JsonNode config = find(documents("config.yaml"), "ConfigMap", "mcw-config");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = YAML.convertValue(config.path("data"), Map.class);
        assertThat(data).containsKeys("MCW_CLUSTER_NAME", "KAFKA_BOOTSTRAP_SERVERS", "MCW_EXPORT_INGRESS_ADDRESS",
                "MCW_IMPORT_EGRESS_ADDRESS");
    }
}

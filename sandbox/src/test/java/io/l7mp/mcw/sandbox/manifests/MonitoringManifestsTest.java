package io.l7mp.mcw.sandbox.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.sandbox.InstalledTool;

/**
 * The monitoring component {@code k8s/monitoring} (issue 13, docs/metrics.md): the PodMonitor scrapes every service
 * where it serves its metrics, {@code kubectl kustomize} of each overlay renders the dashboards (one ConfigMap each,
 * with the Grafana sidecar's label), the rules (a PrometheusRule) and the cluster label of the scraped metrics, which
 * must be the cluster's name; and the base has no object of the Prometheus Operator, so it applies without it.
 */
class MonitoringManifestsTest {
    private static final Path ROOT = DeploymentManifestsTest.ROOT;
    private static final ObjectMapper YAML = DeploymentManifestsTest.YAML;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePodMonitorScrapesEveryServiceWhereItServesMetrics() throws IOException {
        // Given
        JsonNode monitor = DeploymentManifestsTest.find(
                DeploymentManifestsTest.documents(ROOT.resolve("k8s/monitoring/podmonitor.yaml")), "PodMonitor", "mcw");
        List<JsonNode> deployments = DeploymentManifestsTest.documents("deployments.yaml").stream()
                .filter(d -> "Deployment".equals(d.path("kind").asText())).toList();
        JsonNode endpoint = monitor.path("spec").path("podMetricsEndpoints").get(0);

        // Then: each Deployment's pods are selected, and have the port and path the monitor scrapes
        assertThat(monitor.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(deployments).hasSize(5).allSatisfy(deployment -> {
            String name = deployment.path("metadata").path("name").asText();
            JsonNode template = deployment.path("spec").path("template");
            monitor.path("spec").path("selector").path("matchLabels").properties()
                    .forEach(label -> assertThat(template.path("metadata").path("labels")
                            .path(label.getKey()).asText()).as("pod label %s of %s", label.getKey(), name)
                            .isEqualTo(label.getValue().asText()));
            List<String> ports = new ArrayList<>();
            template.path("spec").path("containers").forEach(c -> c.path("ports")
                    .forEach(p -> ports.add(p.path("name").asText())));
            assertThat(ports).as("container ports of %s", name).contains(endpoint.path("port").asText());
            assertThat(template.path("metadata").path("annotations").path("prometheus.io/path").asText())
                    .as("metrics path of %s", name).isEqualTo(endpoint.path("path").asText());
        });
    }

    @Test
    void theGrafanaKustomizationShipsEveryDashboard() throws IOException {
        // Given
        JsonNode kustomization = YAML.readTree(ROOT.resolve("k8s/grafana/kustomization.yaml").toFile());
        List<String> shipped = new ArrayList<>();
        kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> shipped.add(f.asText())));

        // Then
        assertThat(shipped).containsExactlyInAnyOrderElementsOf(dashboards().keySet());
        assertThat(kustomization.path("generatorOptions").path("labels").path("grafana_dashboard").asText())
                .isEqualTo("1");
    }

    @ParameterizedTest(name = "kubectl kustomize {0}")
    @ValueSource(strings = { "k8s/overlays/cluster-1", "k8s/overlays/cluster-2" })
    void kustomizeRendersTheDashboardsTheRulesAndTheClusterLabel(String dir) throws IOException {
        // Given
        InstalledTool kubectl = InstalledTool.kubectl();

        // When
        InstalledTool.Result result = kubectl.run(ROOT, "kustomize", dir);

        // Then
        assertThat(result.exitCode()).as("kubectl kustomize %s:\n%s", dir, result.output()).isZero();
        List<JsonNode> objects = documents(result.stdout());
        Map<String, JsonNode> dashboards = new TreeMap<>();
        objects.stream().filter(o -> "ConfigMap".equals(o.path("kind").asText()))
                .filter(o -> "1".equals(o.path("metadata").path("labels").path("grafana_dashboard").asText()))
                .forEach(o -> o.path("data").properties()
                        .forEach(e -> dashboards.put(e.getKey(), json(e.getValue().asText()))));
        assertThat(dashboards).as("dashboards in ConfigMaps labelled grafana_dashboard=1")
                .isEqualTo(dashboards());
        JsonNode rule = only(objects, "PrometheusRule");
        assertThat(rule.path("metadata").path("namespace").asText()).isEqualTo("mcw-system");
        assertThat(rule.path("spec")).isEqualTo(YAML.readTree(ROOT.resolve("k8s/prometheus/mcw-rules.yaml").toFile()));
        String clusterName = objects.stream().filter(o -> "ConfigMap".equals(o.path("kind").asText())
                && "mcw-config".equals(o.path("metadata").path("name").asText())).findFirst().orElseThrow()
                .path("data").path("MCW_CLUSTER_NAME").asText();
        JsonNode relabeling = only(objects, "PodMonitor").path("spec").path("podMetricsEndpoints").get(0)
                .path("relabelings").get(0);
        assertThat(relabeling.path("targetLabel").asText()).isEqualTo("cluster");
        assertThat(relabeling.path("replacement").asText()).as("the cluster label of the metrics scraped in %s", dir)
                .isEqualTo(clusterName);
    }

    @Test
    void theBaseNeedsNoPrometheusOperator() throws IOException {
        // When
        InstalledTool.Result result = InstalledTool.kubectl().run(ROOT, "kustomize", "k8s/base");

        // Then
        assertThat(result.exitCode()).as("kubectl kustomize k8s/base:\n%s", result.output()).isZero();
        assertThat(documents(result.stdout())).isNotEmpty()
                .noneMatch(o -> o.path("apiVersion").asText().startsWith("monitoring.coreos.com/"));
    }

    private static Map<String, JsonNode> dashboards() throws IOException {
        Map<String, JsonNode> dashboards = new TreeMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s/grafana"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
            }
        }
        return dashboards;
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertThat(found).as("objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + text, e);
        }
    }

    private static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }
}

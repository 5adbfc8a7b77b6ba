package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sandbox's Prometheus configuration: the labels match what the PodMonitor of {@code k8s/monitoring} gives a
 * pod's metrics, every service is scraped where it serves its metrics, and Prometheus accepts the file
 * ({@code promtool check config}, which also loads the rule file it names).
 */
class PrometheusConfigTest {
    private static final List<PrometheusConfig.Target> TARGETS = List.of(
            new PrometheusConfig.Target("cluster-1", "gateway-service", 41001),
            new PrometheusConfig.Target("cluster-2", "import-service", 41002));

    @TempDir
    Path dir;

    @Test
    void everyTargetIsAServiceOnLoopbackWithItsClusterAndTheLabelsOfThePodMonitor() throws Exception {
        // When
        JsonNode groups = new ObjectMapper().readTree(PrometheusConfig.targets(TARGETS));

        // Then
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).path("targets").get(0).asText()).isEqualTo("127.0.0.1:41001");
        assertThat(new ObjectMapper().convertValue(groups.get(0).path("labels"), Map.class)).isEqualTo(Map.of(
                "cluster", "cluster-1", "namespace", "mcw-system", "container", "gateway-service"));
        assertThat(groups.get(1).path("labels").path("cluster").asText()).isEqualTo("cluster-2");
        // a target label `service` would rename the gateway's own to exported_service (docs/metrics.md)
        assertThat(groups.findValues("service")).isEmpty();
    }

    @Test
    void noTargetIsAnEmptyList() throws Exception {
        assertThat(new ObjectMapper().readTree(PrometheusConfig.targets(List.of()))).isEmpty();
    }

    @Test
    void theConfigurationScrapesTheTargetsFileEveryTwoSecondsAndLoadsTheRules() throws Exception {
        // Given
        Path rules = dir.resolve("rules \"quoted\".yaml");
        Path targets = dir.resolve("targets.json");

        // When
        String config = PrometheusConfig.config(rules, targets);

        // Then
        @SuppressWarnings("unchecked")
        Map<String, Object> yaml = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(
                config);
        assertThat(yaml.get("global")).isEqualTo(Map.of("scrape_interval", "2s", "scrape_timeout", "2s",
                "evaluation_interval", "2s"));
        assertThat(yaml.get("rule_files")).isEqualTo(List.of(rules.toString()));
        assertThat(yaml.get("scrape_configs")).isEqualTo(List.of(Map.of("job_name", "mcw", "metrics_path",
                "/q/metrics", "file_sd_configs", List.of(Map.of("files", List.of(targets.toString()),
                        "refresh_interval", "5s")))));
    }

    @Test
    void prometheusAcceptsTheConfigurationWithTheRepositorysRules() throws Exception {
        // Given
        Path targets = dir.resolve("targets.json");
        Files.writeString(targets, PrometheusConfig.targets(TARGETS));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, PrometheusConfig.config(RepoRoot.find().resolve(Observability.RULES), targets));

        // When
        InstalledTool.Result result = InstalledTool.promtool().run(dir, "check", "config", config.toString());

        // Then
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void aTargetNeedsAPort() {
        assertThatThrownBy(() -> new PrometheusConfig.Target("cluster-1", "gateway-service", 0))
                .hasMessage("port of cluster-1/gateway-service must be 1-65535, got 0");
    }
}

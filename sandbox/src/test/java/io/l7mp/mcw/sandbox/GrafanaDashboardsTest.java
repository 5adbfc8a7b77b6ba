package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Grafana dashboards under {@code k8s/grafana} (issue 13): each parses, has the {@code datasource} and
 * {@code cluster} variables, and every panel has queries on the data source variable that filter by cluster, that
 * Prometheus parses ({@code promtool check rules} on them, Grafana's variables replaced) and that read only metrics
 * {@code docs/metrics.md} lists and series the rules record.
 */
class GrafanaDashboardsTest {
    static final Path ROOT = RepoRoot.find();
    static final String DIR = "k8s/grafana";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATASOURCE = "${datasource}";

    /** A query of a dashboard: where it is (dashboard, panel title, refId) and its text. */
    record Query(String where, String expr) {
    }

    static Stream<String> dashboards() throws IOException {
        try (Stream<Path> list = Files.list(ROOT.resolve(DIR))) {
            return list.filter(p -> p.toString().endsWith(".json")).map(p -> p.getFileName().toString()).sorted()
                    .toList().stream();
        }
    }

    static JsonNode read(String dashboard) throws IOException {
        return JSON.readTree(ROOT.resolve(DIR).resolve(dashboard).toFile());
    }

    /** The panels of a dashboard, those inside collapsed rows included; rows themselves are not panels. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Every query of a dashboard: panel targets, annotations, and the variables' queries. */
    static List<Query> queries(String name, JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(name + " panel \"" + panel.path("title").asText() + "\" query "
                        + target.path("refId").asText(), target.path("expr").asText()));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                queries.add(new Query(name + " annotation \"" + annotation.path("name").asText() + "\"",
                        annotation.path("expr").asText()));
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                queries.add(new Query(name + " variable " + variable.path("name").asText(),
                        variable.path("definition").asText()));
            }
        }
        return queries;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void hasTheDatasourceAndClusterVariables(String name) throws IOException {
        // When
        JsonNode dashboard = read(name);
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));

        // Then
        assertThat(dashboard.path("uid").asText()).as("uid of %s", name).startsWith("mcw-");
        assertThat(dashboard.path("title").asText()).as("title of %s", name).startsWith("MCW / ");
        assertThat(variables).as("variables of %s", name).containsKeys("datasource", "cluster");
        assertThat(variables.get("datasource").path("type").asText()).isEqualTo("datasource");
        assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
        JsonNode cluster = variables.get("cluster");
        assertThat(cluster.path("type").asText()).isEqualTo("query");
        assertThat(cluster.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
        assertThat(cluster.path("definition").asText()).startsWith("label_values(").endsWith(", cluster)");
        assertThat(cluster.path("query").path("query").asText()).isEqualTo(cluster.path("definition").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void everyPanelQueriesTheDatasourceVariableAndFiltersByCluster(String name) throws IOException {
        // Given
        JsonNode dashboard = read(name);
        Set<Integer> ids = new HashSet<>();

        // Then
        assertThat(panels(dashboard)).as("panels of %s", name).isNotEmpty().allSatisfy(panel -> {
            String title = panel.path("title").asText();
            assertThat(title).as("a panel title in %s", name).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("id of panel \"%s\" unique in %s", title, name).isTrue();
            assertThat(panel.path("gridPos").path("w").asInt()).as("width of panel \"%s\"", title).isPositive();
            assertThat(panel.path("datasource").path("uid").asText()).as("data source of panel \"%s\"", title)
                    .isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as("queries of panel \"%s\" in %s", title, name).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                assertThat(expr).as("query %s of panel \"%s\" in %s", target.path("refId").asText(), title, name)
                        .isNotBlank().contains("$cluster");
                assertThat(target.path("datasource").path("uid").asText(DATASOURCE))
                        .as("data source of query %s of panel \"%s\"", target.path("refId").asText(), title)
                        .isEqualTo(DATASOURCE);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dashboards")
    void readsOnlyDocumentedMetricsAndRecordedSeries(String name) throws IOException {
        // Given
        MetricsDoc doc = MetricsDoc.read(ROOT);
        Set<String> recorded = new TreeSet<>();
        PrometheusRulesTest.rules().stream().filter(r -> r.containsKey("record"))
                .forEach(r -> recorded.add((String) r.get("record")));

        // When
        List<String> unknown = new ArrayList<>();
        for (Query query : queries(name, read(name))) {
            assertThat(PromQl.metrics(query.expr())).as("metrics read by %s", query.where()).isNotEmpty();
            PromQl.metrics(query.expr()).stream().filter(m -> doc.familyOf(m).isEmpty())
                    .forEach(m -> unknown.add(m + " (" + query.where() + "), not in " + MetricsDoc.PATH));
            PromQl.recorded(query.expr()).stream().filter(r -> !recorded.contains(r))
                    .forEach(r -> unknown.add(r + " (" + query.where() + "), recorded by no rule"));
        }

        // Then
        assertThat(unknown).isEmpty();
    }

    @Test
    void prometheusParsesEveryQuery(@TempDir Path dir) throws IOException {
        // Given: every panel and annotation query as a recording rule, which promtool parses
        Map<String, String> where = new LinkedHashMap<>();
        ObjectNode file = JSON.createObjectNode();
        ArrayNode groups = file.putArray("groups");
        for (String name : dashboards().toList()) {
            ObjectNode group = groups.addObject().put("name", name);
            ArrayNode rules = group.putArray("rules");
            for (Query query : queries(name, read(name))) {
                if (query.where().contains(" variable ")) {
                    continue; // label_values(...) is Grafana's, not PromQL
                }
                String record = "dashboard:query" + where.size();
                where.put(record, query.where());
                rules.addObject().put("record", record).put("expr", PromQl.withoutGrafanaVariables(query.expr()));
            }
        }
        Path rules = dir.resolve("dashboard-queries.yaml");
        Files.writeString(rules, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(file)); // JSON is YAML

        // When
        InstalledTool.Result result = InstalledTool.promtool().run(dir, "check", "rules", rules.toString());

        // Then
        assertThat(where).isNotEmpty();
        assertThat(result.exitCode()).as("promtool check rules on the dashboards' queries (%s):\n%s", where,
                result.output()).isZero();
    }

    @Test
    void uidsAndTitlesAreUnique() throws IOException {
        // Given
        Set<String> uids = new HashSet<>();
        Set<String> titles = new HashSet<>();

        // Then
        for (String name : dashboards().toList()) {
            JsonNode dashboard = read(name);
            assertThat(uids.add(dashboard.path("uid").asText())).as("uid of %s unique", name).isTrue();
            assertThat(titles.add(dashboard.path("title").asText())).as("title of %s unique", name).isTrue();
        }
        assertThat(uids).hasSizeGreaterThanOrEqualTo(3);
    }
}

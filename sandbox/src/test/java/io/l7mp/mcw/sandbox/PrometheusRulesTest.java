package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Prometheus rules under {@code k8s/prometheus} (issue 13): {@code promtool check rules} and
 * {@code promtool test rules} pass on every file; every alert has its annotations and a runbook section, and is unit
 * tested both firing and not firing; every recording rule is tested and documented; every metric a rule reads is in
 * {@code docs/metrics.md}; and the Kubernetes {@code PrometheusRule} holds exactly the rule file. promtool comes from
 * Debian's {@code prometheus} package ({@code bin/install-prometheus}).
 * <p>
 * After changing {@code mcw-rules.yaml}, write {@code prometheusrule.yaml} again with
 * {@code -Dmcw.prometheus.update=true}.
 */
class PrometheusRulesTest {
    static final Path ROOT = RepoRoot.find();
    static final String RULES_DIR = "k8s/prometheus";
    static final String TESTS_DIR = RULES_DIR + "/tests";
    static final String RULES = RULES_DIR + "/mcw-rules.yaml";
    static final String PROMETHEUS_RULE = RULES_DIR + "/prometheusrule.yaml";
    static final String RUNBOOKS = "docs/runbooks.md";
    private static final String UPDATE = "mcw.prometheus.update";
    private static final Pattern HEADING = Pattern.compile("(?m)^## (\\S+)\\s*$");

    private static InstalledTool promtool;

    @BeforeAll
    static void findPromtool() {
        promtool = InstalledTool.promtool();
    }

    static Object yaml(Path file) throws IOException {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    }

    /** The rule files: the YAML files of {@code k8s/prometheus} with top-level {@code groups}. */
    static List<String> ruleFiles() throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(ROOT.resolve(RULES_DIR))) {
            for (Path file : list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (yaml(file) instanceof Map<?, ?> map && map.containsKey("groups")) {
                    files.add(RULES_DIR + "/" + file.getFileName());
                }
            }
        }
        return files;
    }

    static List<String> testFiles() throws IOException {
        try (Stream<Path> list = Files.list(ROOT.resolve(TESTS_DIR))) {
            return list.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .map(p -> TESTS_DIR + "/" + p.getFileName()).toList();
        }
    }

    /** Every rule of every rule file, as its YAML map. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (String file : ruleFiles()) {
            Map<String, Object> root = (Map<String, Object>) yaml(ROOT.resolve(file));
            for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                rules.addAll((List<Map<String, Object>>) group.get("rules"));
            }
        }
        return rules;
    }

    static List<Map<String, Object>> alerts() throws IOException {
        return rules().stream().filter(r -> r.containsKey("alert")).toList();
    }

    @Test
    void promtoolChecksEveryRuleFile() throws IOException {
        // Given
        List<String> files = ruleFiles();
        assertThat(files).contains(RULES);
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(files);

        // When
        InstalledTool.Result result = promtool.run(ROOT, args.toArray(String[]::new));

        // Then
        assertThat(result.exitCode()).as("promtool check rules %s:\n%s", files, result.output()).isZero();
    }

    @Test
    void promtoolUnitTestsPass() throws IOException {
        // Given
        List<String> files = testFiles();
        assertThat(files).isNotEmpty();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(files);

        // When
        InstalledTool.Result result = promtool.run(ROOT, args.toArray(String[]::new));

        // Then
        assertThat(result.exitCode()).as("promtool test rules %s:\n%s", files, result.output()).isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasASeveritySummaryDescriptionAndRunbookSection() throws IOException {
        // Given
        Set<String> sections = headings(Files.readString(ROOT.resolve(RUNBOOKS)));

        // When
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> alert : alerts()) {
            String name = (String) alert.get("alert");
            Map<String, Object> annotations = (Map<String, Object>) alert.getOrDefault("annotations", Map.of());
            Map<String, Object> labels = (Map<String, Object>) alert.getOrDefault("labels", Map.of());
            if (!List.of("critical", "warning", "info").contains(labels.get("severity"))) {
                problems.add(name + ": label severity is " + labels.get("severity") + ", expected critical,"
                        + " warning or info");
            }
            for (String annotation : List.of("summary", "description")) {
                if (!(annotations.get(annotation) instanceof String text) || text.isBlank()) {
                    problems.add(name + ": no " + annotation + " annotation");
                }
            }
            String runbook = RUNBOOKS + "#" + name.toLowerCase(Locale.ROOT);
            if (!runbook.equals(annotations.get("runbook_url"))) {
                problems.add(name + ": runbook_url is " + annotations.get("runbook_url") + ", expected " + runbook);
            }
            if (!sections.contains(name)) {
                problems.add(name + ": no section '## " + name + "' in " + RUNBOOKS);
            }
        }

        // Then
        assertThat(alerts()).isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRunbookSectionIsAnAlert() throws IOException {
        // Given
        Set<String> alerts = new TreeSet<>();
        alerts().forEach(a -> alerts.add((String) a.get("alert")));

        // Then
        assertThat(headings(Files.readString(ROOT.resolve(RUNBOOKS)))).as("sections of %s", RUNBOOKS)
                .containsExactlyInAnyOrderElementsOf(alerts);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedFiringAndNotFiring() throws IOException {
        // Given
        Map<String, Set<String>> outcomes = new LinkedHashMap<>();
        for (String file : testFiles()) {
            Map<String, Object> suite = (Map<String, Object>) yaml(ROOT.resolve(file));
            for (Map<String, Object> test : (List<Map<String, Object>>) suite.get("tests")) {
                for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
                        List.of())) {
                    List<?> expected = (List<?>) check.get("exp_alerts");
                    outcomes.computeIfAbsent((String) check.get("alertname"), k -> new TreeSet<>())
                            .add(expected == null || expected.isEmpty() ? "not firing" : "firing");
                }
            }
        }

        // When
        List<String> untested = new ArrayList<>();
        for (Map<String, Object> alert : alerts()) {
            Set<String> cases = outcomes.getOrDefault((String) alert.get("alert"), Set.of());
            if (!cases.equals(Set.of("firing", "not firing"))) {
                untested.add(alert.get("alert") + " is tested " + (cases.isEmpty() ? "nowhere" : cases + " only"));
            }
        }

        // Then
        assertThat(untested).as("alerts without a firing and a not-firing case (alert_rule_test) in %s", TESTS_DIR)
                .isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRecordingRuleIsTestedAndDocumented() throws IOException {
        // Given
        Set<String> tested = new TreeSet<>();
        for (String file : testFiles()) {
            Map<String, Object> suite = (Map<String, Object>) yaml(ROOT.resolve(file));
            for (Map<String, Object> test : (List<Map<String, Object>>) suite.get("tests")) {
                for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("promql_expr_test",
                        List.of())) {
                    tested.addAll(PromQl.recorded((String) check.get("expr")));
                }
            }
        }
        Set<String> recorded = new TreeSet<>();
        rules().stream().filter(r -> r.containsKey("record")).forEach(r -> recorded.add((String) r.get("record")));

        // Then
        assertThat(recorded).isNotEmpty();
        assertThat(tested).as("recorded series read by a promql_expr_test in %s", TESTS_DIR).containsAll(recorded);
        assertThat(MetricsDoc.read(ROOT).recorded().keySet()).as("recording rules listed in %s", MetricsDoc.PATH)
                .containsExactlyInAnyOrderElementsOf(recorded);
    }

    @Test
    void everyMetricARuleReadsIsDocumentedAndEveryRecordedSeriesIsRecorded() throws IOException {
        // Given
        MetricsDoc doc = MetricsDoc.read(ROOT);
        Set<String> recorded = new TreeSet<>();
        rules().stream().filter(r -> r.containsKey("record")).forEach(r -> recorded.add((String) r.get("record")));

        // When
        List<String> unknown = new ArrayList<>();
        for (Map<String, Object> rule : rules()) {
            String name = (String) rule.getOrDefault("alert", rule.get("record"));
            String expr = (String) rule.get("expr");
            PromQl.metrics(expr).stream().filter(m -> doc.familyOf(m).isEmpty())
                    .forEach(m -> unknown.add(m + " (read by " + name + ", not in " + MetricsDoc.PATH + ")"));
            PromQl.recorded(expr).stream().filter(r -> !recorded.contains(r))
                    .forEach(r -> unknown.add(r + " (read by " + name + ", recorded by no rule)"));
        }

        // Then
        assertThat(unknown).isEmpty();
    }

    @Test
    void thePrometheusRuleHoldsTheRuleFile() throws IOException {
        // Given
        String expected = prometheusRule(Files.readString(ROOT.resolve(RULES)));
        Path file = ROOT.resolve(PROMETHEUS_RULE);
        if (Boolean.getBoolean(UPDATE)) {
            Files.writeString(file, expected);
        }

        // Then
        assertThat(Files.exists(file) ? Files.readString(file) : "")
                .as("%s is not %s wrapped in a PrometheusRule: write it again with -D%s=true", PROMETHEUS_RULE,
                        RULES, UPDATE)
                .isEqualTo(expected);
        assertThat(((Map<?, ?>) yaml(file)).get("spec")).isEqualTo(yaml(ROOT.resolve(RULES)));
    }

    /** The rule file's groups, comments and all, as the {@code spec} of a Prometheus Operator PrometheusRule. */
    static String prometheusRule(String rules) {
        int groups = rules.indexOf("\ngroups:");
        assertThat(groups).as("a line 'groups:' in %s", RULES).isPositive();
        StringBuilder out = new StringBuilder("""
                # Written by PrometheusRulesTest from mcw-rules.yaml (-Dmcw.prometheus.update=true): edit that file.
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata:
                  name: mcw
                  namespace: mcw-system
                  labels:
                    app.kubernetes.io/part-of: mcw
                spec:
                """);
        for (String line : rules.substring(groups + 1).split("\n", -1)) {
            out.append(line.isEmpty() ? "" : "  " + line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    private static Set<String> headings(String markdown) {
        Set<String> headings = new TreeSet<>();
        Matcher m = HEADING.matcher(markdown);
        while (m.find()) {
            headings.add(m.group(1));
        }
        return headings;
    }
}

package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.sandbox.MetricSources.Kind;
import io.l7mp.mcw.sandbox.MetricSources.Label;
import io.l7mp.mcw.sandbox.MetricSources.Metric;
import io.l7mp.mcw.sandbox.MetricSources.Scan;
import io.l7mp.mcw.sandbox.MetricSources.Source;

/**
 * {@code docs/metrics.md} lists exactly the metrics and labels the services register (issue 13): a metric added to a
 * service without a row there fails here, with its name and where it is registered, and so does a row whose metric is
 * gone. The sources are read, not run ({@link MetricSources} says how names map to what Prometheus sees).
 */
class MetricsDocTest {
    private static final Path ROOT = RepoRoot.find();
    /** Modules of the root pom that are no deployed service: test infrastructure, and the sandbox itself. */
    private static final Set<String> NOT_SERVICES = Set.of("testkit", "sandbox");
    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");
    /** Labels whose values are a fixed set of the code, listed in the labels table (the naming scheme). */
    private static final Set<String> FIXED_VALUES = Set.of("direction", "kind", "outcome", "protocol", "reason",
            "state", "to");
    /** Of those, the labels whose values are names from elsewhere, spelled as there: ALPN's {@code http/1.1}. */
    private static final Set<String> FOREIGN_VALUES = Set.of("protocol");
    /** A regular expression's special characters: an alternative with one is a pattern, not a value. */
    private static final Pattern REGEX = Pattern.compile("[.*+?()\\[\\]{}^$\\\\]");

    /** The modules whose main sources are scanned: every module of the root pom but {@link #NOT_SERVICES}. */
    static List<String> serviceModules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            if (!NOT_SERVICES.contains(m.group(1))) {
                modules.add(m.group(1));
            }
        }
        return modules;
    }

    private static Scan scan() throws IOException {
        return MetricSources.scanModules(ROOT, serviceModules());
    }

    @Test
    void theScanCoversEveryServiceModule() throws IOException {
        // When
        List<String> modules = serviceModules();
        Scan scan = scan();

        // Then: each service (and the shared event-bus library) registers something the scan sees
        assertThat(modules).contains("eventbus", "policy-service", "export-service", "import-service",
                "gateway-service", "telemetry-service");
        for (String module : List.of("eventbus", "policy-service", "export-service", "import-service",
                "gateway-service", "telemetry-service")) {
            assertThat(scan.metrics()).as("metrics registered in %s/src/main/java", module)
                    .anyMatch(metric -> metric.file().startsWith(module + "/"));
        }
    }

    @Test
    void everyMetricTheServicesRegisterIsDocumented() throws IOException {
        // Given
        MetricsDoc doc = MetricsDoc.read(ROOT);

        // When
        List<String> undocumented = scan().metrics().stream().filter(m -> !doc.metrics().containsKey(m.name()))
                .map(m -> m.name() + " (registered at " + m.where() + (m.kind() == Kind.UNKNOWN ? ""
                        : " as " + m.kind().documented + " \"" + m.rawName() + "\"") + ")")
                .distinct().toList();

        // Then
        assertThat(undocumented).as("metrics missing in %s: add a row (metric | type | labels | meaning) to the table"
                + " of the service that registers each", MetricsDoc.PATH).isEmpty();
    }

    @Test
    void everyDocumentedMetricIsStillRegistered() throws IOException {
        // Given
        Set<String> registered = scan().metrics().stream().map(Metric::name).collect(Collectors.toSet());

        // When
        List<String> gone = MetricsDoc.read(ROOT).metrics().values().stream()
                .filter(m -> !registered.contains(m.name()))
                .map(m -> m.name() + " (" + MetricsDoc.PATH + ":" + m.line() + ")").toList();

        // Then
        assertThat(gone).as("metrics documented but registered by no main source of %s: remove the row or fix"
                + " the name", serviceModules()).isEmpty();
    }

    @Test
    void everyMetricIsDocumentedWithTheTypeOfItsMeter() throws IOException {
        // Given
        MetricsDoc doc = MetricsDoc.read(ROOT);

        // When
        List<String> wrong = scan().metrics().stream().filter(m -> m.kind() != Kind.UNKNOWN)
                .filter(m -> doc.metrics().containsKey(m.name()))
                .filter(m -> !doc.metrics().get(m.name()).type().equals(m.kind().documented))
                .map(m -> m.name() + " is a " + m.kind().documented + " (" + m.where() + ") but " + MetricsDoc.PATH
                        + ":" + doc.metrics().get(m.name()).line() + " says \"" + doc.metrics().get(m.name()).type()
                        + "\"")
                .distinct().toList();

        // Then
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyMetricIsNamedMcwAndEveryNameIsReadable() throws IOException {
        // When
        Scan scan = scan();

        // Then
        assertThat(scan.metrics()).as("meters not named mcw_* (DESIGN D6)").allSatisfy(
                m -> assertThat(m.name()).as("%s at %s", m.name(), m.where()).matches("mcw_[a-z0-9_]+"));
        assertThat(scan.problems()).as("registrations this test cannot check").isEmpty();
    }

    @Test
    void everyLabelTheServicesSetIsInTheLabelsTable() throws IOException {
        // Given
        Map<String, Integer> documented = MetricsDoc.read(ROOT).labels();

        // When
        List<String> undocumented = scan().labels().stream().filter(l -> !documented.containsKey(l.name()))
                .map(l -> l.name() + " (set at " + l.where() + ")").toList();

        // Then
        assertThat(undocumented).as("labels missing in the labels table of %s: add each with its values and what"
                + " bounds them (no per-request or per-pod-IP labels)", MetricsDoc.PATH).isEmpty();
    }

    @Test
    void everyLabelOfTheLabelsTableIsStillSet() throws IOException {
        // Given
        Set<String> set = scan().labels().stream().map(Label::name).collect(Collectors.toSet());

        // When
        List<String> gone = MetricsDoc.read(ROOT).labels().entrySet().stream()
                .filter(e -> !set.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + MetricsDoc.PATH + ":" + e.getValue() + ")").toList();

        // Then
        assertThat(gone).as("labels documented but set by no meter").isEmpty();
    }

    @Test
    void theLabelsOfEveryDocumentedMetricAreInTheLabelsTable() {
        // Given
        MetricsDoc doc = MetricsDoc.read(ROOT);

        // When
        List<String> unknown = doc.metrics().values().stream()
                .flatMap(m -> m.labels().stream().filter(l -> !doc.labels().containsKey(l))
                        .map(l -> m.name() + " has label " + l + " (" + MetricsDoc.PATH + ":" + m.line() + ")"))
                .toList();

        // Then
        assertThat(unknown).as("labels missing in the labels table").isEmpty();
        assertThat(doc.metrics().values()).allSatisfy(m -> assertThat(m.type()).as("type of %s", m.name())
                .isIn("counter", "gauge", "histogram"));
    }

    @Test
    void theValuesOfTheFixedLabelsAreLowerSnakeCase() {
        // Given
        Map<String, List<String>> values = MetricsDoc.read(ROOT).labelValues();

        // Then
        assertThat(values).as("labels table of %s", MetricsDoc.PATH).containsKeys(FIXED_VALUES.toArray(String[]::new));
        for (String label : FIXED_VALUES) {
            assertThat(values.get(label)).as("values of %s in %s", label, MetricsDoc.PATH).isNotEmpty();
            if (!FOREIGN_VALUES.contains(label)) {
                assertThat(values.get(label)).as("values of %s in %s (lower snake case)", label, MetricsDoc.PATH)
                        .allMatch(value -> value.matches("[a-z0-9_]+"));
            }
        }
    }

    @Test
    void rulesAndDashboardsMatchOnlyDocumentedValuesOfTheFixedLabels() throws IOException {
        // Given
        Map<String, List<String>> documented = MetricsDoc.read(ROOT).labelValues();
        List<GrafanaDashboardsTest.Query> queries = new ArrayList<>();
        for (Map<String, Object> rule : PrometheusRulesTest.rules()) {
            queries.add(new GrafanaDashboardsTest.Query(PrometheusRulesTest.RULES + " rule "
                    + rule.getOrDefault("alert", rule.get("record")), (String) rule.get("expr")));
        }
        for (String dashboard : GrafanaDashboardsTest.dashboards().toList()) {
            queries.addAll(GrafanaDashboardsTest.queries(dashboard, GrafanaDashboardsTest.read(dashboard)));
        }

        // When: a value the services never set matches nothing, and a rule on it never fires
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (GrafanaDashboardsTest.Query query : queries) {
            for (PromQl.LabelMatcher matcher : PromQl.matchers(query.expr())) {
                if (!FIXED_VALUES.contains(matcher.label()) || matcher.value().contains("$")) {
                    // a label of free values, or a Grafana variable
                    continue;
                }
                boolean regex = matcher.op().endsWith("~");
                for (String value : regex ? matcher.value().split("\\|", -1) : new String[] { matcher.value() }) {
                    checked++;
                    if (!(regex && REGEX.matcher(value).find()) && !documented.get(matcher.label()).contains(value)) {
                        unknown.add(query.where() + ": " + matcher.label() + matcher.op() + "\"" + value + "\"");
                    }
                }
            }
        }

        // Then
        assertThat(checked).as("values of fixed labels the rules and dashboards match").isPositive();
        assertThat(unknown).as("label values not in the labels table of %s", MetricsDoc.PATH).isEmpty();
    }

    @ParameterizedTest(name = "{0}.builder(\"{1}\") is exposed as {2}")
    @CsvSource({
            "Counter, mcw.gateway.requests, mcw_gateway_requests_total",
            "Counter, mcw_events_dead_lettered_total, mcw_events_dead_lettered_total",
            "counter, mcw_probes, mcw_probes_total",
            "FunctionCounter, mcw.bytes, mcw_bytes_total",
            "Timer, mcw.events.propagation, mcw_events_propagation_seconds",
            "Timer, mcw_events_propagation_seconds, mcw_events_propagation_seconds",
            "LongTaskTimer, mcw.reconcile, mcw_reconcile_seconds",
            "TimeGauge, mcw.tunnel.rtt, mcw_tunnel_rtt_seconds",
            "Gauge, mcw.tunnel.state, mcw_tunnel_state",
            "gauge, mcw_gateway_open_connections, mcw_gateway_open_connections",
            "DistributionSummary, mcw.payload.bytes, mcw_payload_bytes",
    })
    void micrometerNamesMapToThePrometheusFamily(String type, String raw, String exposed) {
        assertThat(MetricSources.exposedName(type, raw)).isEqualTo(exposed);
    }

    @Test
    void theScanFollowsHelpersAndLookupsAndIgnoresComments() {
        // Given
        String code = """
                import io.micrometer.core.instrument.Counter;
                class Meters {
                    // Counter.builder("mcw_commented_out").register(registry);
                    /* Gauge.builder("mcw_also_commented_out", ...) */
                    void request(String code) {
                        Counter.builder("mcw.a.requests").tag("code", code).register(registry).increment();
                    }
                    void helper() {
                        gauges.add(gauge("mcw_b_seconds", "Some figure", a -> a.value()));
                    }
                    void lookup() {
                        registry.find("mcw_c").meters().forEach(registry::remove);
                        Gauge.builder("mcw_c", value, AtomicLong::get).tags(tags).register(registry);
                        registry.gauge("mcw_d", Tags.of("direction", d, "service", s == null ? "" : s.toString()), n);
                    }
                }
                """;

        // When
        Scan scan = MetricSources.scan(List.of(new Source("svc/src/main/java/Meters.java", code)));

        // Then
        assertThat(scan.metrics()).extracting(Metric::name, Metric::kind, Metric::line).containsExactlyInAnyOrder(
                tuple("mcw_a_requests_total", Kind.COUNTER, 6),
                tuple("mcw_c", Kind.GAUGE, 13),
                tuple("mcw_d", Kind.GAUGE, 14),
                tuple("mcw_b_seconds", Kind.UNKNOWN, 9));
        assertThat(scan.labels()).extracting(Label::name).containsExactlyInAnyOrder("code", "direction", "service");
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void aBaseUnitAndALabelKeyThatIsNoLiteralAreReported() {
        // Given
        String code = """
                import io.micrometer.core.instrument.Counter;
                class Meters {
                    void bytes() {
                        Counter.builder("mcw_payload").baseUnit("bytes").register(registry);
                        Tags.of(KEY, value);
                    }
                }
                """;

        // When
        Scan scan = MetricSources.scan(List.of(new Source("svc/Meters.java", code)));

        // Then
        assertThat(scan.problems()).hasSize(2);
        assertThat(scan.problems().get(0)).contains("svc/Meters.java:4", "mcw_payload", "baseUnit");
        assertThat(scan.problems().get(1)).contains("svc/Meters.java:5", "KEY", "not a string literal");
    }

    @Test
    void thePageIsReadByItsTables() {
        // Given
        String page = """
                | metric | type | labels | meaning |
                |---|---|---|---|
                | `mcw_x_total` | counter | flow, `code` | things |
                | `mcw_y_seconds` | histogram | `topic` | lag |

                | label | values | bounded by |
                |---|---|---|
                | `from`, `to` | tunnels | tunnels |

                | recorded series | labels | meaning |
                |---|---|---|
                | `a:mcw_x:rate5m` | | rate |
                """;

        // When
        MetricsDoc doc = MetricsDoc.parse(page);

        // Then
        assertThat(doc.metrics()).containsOnlyKeys("mcw_x_total", "mcw_y_seconds");
        assertThat(doc.metrics().get("mcw_x_total").labels()).containsExactly("code");
        assertThat(doc.metrics().get("mcw_x_total").line()).isEqualTo(3);
        assertThat(doc.labels()).containsOnlyKeys("from", "to");
        assertThat(doc.recorded()).containsOnlyKeys("a:mcw_x:rate5m");
        assertThat(doc.familyOf("mcw_y_seconds_bucket")).map(MetricsDoc.Metric::name).contains("mcw_y_seconds");
        assertThat(doc.familyOf("mcw_y_seconds_max")).map(MetricsDoc.Metric::name).contains("mcw_y_seconds");
        assertThat(doc.familyOf("mcw_x_total_bucket")).isEmpty();
    }
}

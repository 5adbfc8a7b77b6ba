package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The panel queries of the dashboards under {@code k8s/grafana}, and each as Grafana sends it to Prometheus once the
 * dashboard's variables have values.
 */
final class DashboardQueries {
    /** What {@code $__rate_interval} (and the other interval variables) becomes: four 2 s scrapes fit many times. */
    static final String INTERVAL = "1m";
    private static final Set<String> INTERVALS = Set.of("__rate_interval", "__interval", "__range");
    /** {@code $name}, {@code ${name}} and {@code ${name:format}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)");

    /** A panel's query: which dashboard (its title), which panel (its title), which query of it, and its text. */
    record PanelQuery(String dashboard, String panel, String refId, String expr) {
        /** {@code MCW / Tunnels and SLA, panel "Jitter", query A}. */
        String where() {
            return dashboard + ", panel \"" + panel + "\", query " + refId;
        }

        /** The dashboard variables it uses, Grafana's own intervals left out. */
        Set<String> variables() {
            Set<String> names = new LinkedHashSet<>();
            Matcher m = VARIABLE.matcher(expr);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!INTERVALS.contains(name)) {
                    names.add(name);
                }
            }
            return names;
        }

        /** The query with every variable replaced; see {@link DashboardQueries#expand}. */
        String expand(Map<String, String> values) {
            return DashboardQueries.expand(expr, values);
        }
    }

    private DashboardQueries() {
    }

    /** Every query of every panel of every dashboard, in file and panel order. */
    static List<PanelQuery> all() throws IOException {
        List<PanelQuery> queries = new ArrayList<>();
        for (String file : GrafanaDashboardsTest.dashboards().toList()) {
            JsonNode dashboard = GrafanaDashboardsTest.read(file);
            String title = dashboard.path("title").asText(file);
            for (JsonNode panel : GrafanaDashboardsTest.panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new PanelQuery(title, panel.path("title").asText(), target.path("refId").asText(),
                            target.path("expr").asText()));
                }
            }
        }
        return queries;
    }

    /**
     * {@code expr} with Grafana's interval variables replaced by {@link #INTERVAL} and every other variable by its
     * value in {@code values}, as is (a single value needs no regex escaping here: cluster names, directions and
     * {@code namespace/name} have no regex metacharacters).
     *
     * @throws IllegalArgumentException naming a variable {@code values} has no value for
     */
    static String expand(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = INTERVALS.contains(name) ? INTERVAL : values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("No value for variable $" + name + " of query " + expr
                        + "; values are given for " + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}

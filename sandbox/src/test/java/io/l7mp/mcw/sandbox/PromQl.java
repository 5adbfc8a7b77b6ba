package io.l7mp.mcw.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names a PromQL expression (or a Grafana query such as {@code label_values(mcw_x, cluster)}) reads: tokens that
 * are metric names ({@code mcw_*}) and recorded series ({@code level:metric:operations}). Quoted text (label values,
 * regular expressions) and Grafana variables ({@code $cluster}, {@code $__rate_interval}) are not names.
 */
final class PromQl {
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern TOKEN = Pattern.compile("(?<![\\w:.])[a-zA-Z_][\\w:]*");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A label matcher of a selector: {@code kind!="preferred"} is {@code kind}, {@code !=}, {@code preferred}. */
    record LabelMatcher(String label, String op, String value) {
    }

    private PromQl() {
    }

    /** Metric names ({@code mcw_...}) the expression reads. */
    static Set<String> metrics(String expr) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : tokens(expr)) {
            if (token.startsWith("mcw_") && !token.contains(":")) {
                names.add(token);
            }
        }
        return names;
    }

    /** Recorded series ({@code a:b:c}) the expression reads. */
    static Set<String> recorded(String expr) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : tokens(expr)) {
            if (token.contains(":")) {
                names.add(token);
            }
        }
        return names;
    }

    /** The label matchers with a double-quoted value in the expression's selectors, in order. */
    static List<LabelMatcher> matchers(String expr) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher m = MATCHER.matcher(expr);
        while (m.find()) {
            matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
        }
        return matchers;
    }

    /**
     * The expression with Grafana's variables replaced so that Prometheus can parse it: intervals by {@code 5m}, any
     * other variable by {@code .*} (they stand in label matchers).
     */
    static String withoutGrafanaVariables(String expr) {
        String intervals = expr.replaceAll("\\$\\{?__(rate_interval|interval|range)}?", "5m");
        return VARIABLE.matcher(intervals).replaceAll(".*");
    }

    private static Set<String> tokens(String expr) {
        String bare = VARIABLE.matcher(QUOTED.matcher(expr).replaceAll("\"\"")).replaceAll(" ");
        Set<String> tokens = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(bare);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }
}

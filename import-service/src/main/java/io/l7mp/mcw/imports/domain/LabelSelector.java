package io.l7mp.mcw.imports.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector in the string form kubectl and the API's {@code labelSelector} parameter take:
 * comma-separated requirements {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)},
 * {@code key notin (a,b)}, {@code key} and {@code !key}, all of which must hold. Parsed once at start-up so that a
 * typo is refused with a message instead of becoming a 400 from the API server or a selector that matches nothing.
 */
public record LabelSelector(List<Requirement> requirements) {
    static final String EXAMPLE = "app.kubernetes.io/name=mcw-gateway-service";
    private static final Pattern SET = Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern DNS_SUBDOMAIN = Pattern
            .compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;

    public LabelSelector {
        if (requirements == null || requirements.isEmpty()) {
            throw new IllegalArgumentException("label selector is empty, expected at least one requirement such as "
                    + EXAMPLE);
        }
        requirements = List.copyOf(requirements);
    }

    /** How a requirement compares the label's value. */
    public enum Operator {
        EQUALS,
        NOT_EQUALS,
        IN,
        NOT_IN,
        EXISTS,
        DOES_NOT_EXIST
    }

    /** One requirement; {@code values} is empty for EXISTS and DOES_NOT_EXIST. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }

        @Override
        public String toString() {
            return switch (operator) {
                case EQUALS -> key + "=" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the requirement that is wrong and the form that was expected
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("label selector is empty, expected requirements such as " + EXAMPLE);
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : split(text)) {
            requirements.add(requirement(text, part.trim()));
        }
        return new LabelSelector(requirements);
    }

    /** Whether an object with {@code labels} (null: none) is selected. */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> present = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(present));
    }

    /** The canonical string form, as the API server's {@code labelSelector} parameter takes it. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** Splits at the commas that are not inside the parentheses of a set. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (depth < 0 || depth > 1) {
                throw invalid(text, text, "its parentheses do not pair up");
            }
            if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw invalid(text, text, "a '(' is not closed");
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static Requirement requirement(String text, String part) {
        if (part.isEmpty()) {
            throw invalid(text, part, "it is empty (a stray comma?)");
        }
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            List<String> values = Arrays.stream(set.group(3).split(",", -1)).map(String::trim).toList();
            if (values.size() == 1 && values.get(0).isEmpty()) {
                throw invalid(text, part, "its set of values is empty");
            }
            values.forEach(v -> checkValue(text, part, v));
            return new Requirement(checkKey(text, part, set.group(1)),
                    "in".equals(set.group(2)) ? Operator.IN : Operator.NOT_IN, values);
        }
        if (part.startsWith("!") && !part.contains("=")) {
            return new Requirement(checkKey(text, part, part.substring(1).trim()), Operator.DOES_NOT_EXIST, List.of());
        }
        for (String op : List.of("!=", "==", "=")) {
            int at = part.indexOf(op);
            if (at >= 0) {
                String value = part.substring(at + op.length()).trim();
                checkValue(text, part, value);
                return new Requirement(checkKey(text, part, part.substring(0, at).trim()),
                        "!=".equals(op) ? Operator.NOT_EQUALS : Operator.EQUALS, List.of(value));
            }
        }
        if (part.contains("<") || part.contains(">") || part.contains("(") || part.contains(" ")) {
            throw invalid(text, part, "it is not one of key=value, key==value, key!=value, key in (v1,v2), "
                    + "key notin (v1,v2), key, !key");
        }
        return new Requirement(checkKey(text, part, part), Operator.EXISTS, List.of());
    }

    private static String checkKey(String text, String part, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
            throw invalid(text, part, "key prefix '" + prefix + "' is not a DNS subdomain (lower-case alphanumerics, "
                    + "'-' and '.', at most 253 characters)");
        }
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw invalid(text, part, "key '" + key + "' is not a label key (an optional DNS-subdomain prefix and '/', "
                    + "then at most 63 characters of alphanumerics, '-', '_' and '.', starting and ending with an "
                    + "alphanumeric)");
        }
        return key;
    }

    private static void checkValue(String text, String part, String value) {
        if (!value.isEmpty() && (value.length() > MAX_NAME || !NAME.matcher(value).matches())) {
            throw invalid(text, part, "value '" + value + "' is not a label value (at most 63 characters of "
                    + "alphanumerics, '-', '_' and '.', starting and ending with an alphanumeric)");
        }
    }

    private static IllegalArgumentException invalid(String text, String part, String why) {
        return new IllegalArgumentException("label selector '" + text + "' is invalid: requirement '" + part + "': "
                + why + "; expected comma-separated requirements such as " + EXAMPLE);
    }
}

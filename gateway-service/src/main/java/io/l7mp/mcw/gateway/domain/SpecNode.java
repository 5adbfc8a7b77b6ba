package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A value inside an L7 object's generic spec together with its field path ({@code spec.http[0].route[1]}), so that
 * every problem names the field. Reading never throws: a wrong type is recorded in {@link Problems} and reads as
 * absent.
 */
final class SpecNode {
    private final Object value;
    private final String path;
    private final Problems problems;

    private SpecNode(Object value, String path, Problems problems) {
        this.value = value;
        this.path = path;
        this.problems = problems;
    }

    static SpecNode root(Map<String, Object> spec, Problems problems) {
        return new SpecNode(spec, "spec", problems);
    }

    String path() {
        return path;
    }

    boolean present() {
        return value != null;
    }

    boolean has(String field) {
        return value instanceof Map<?, ?> map && map.get(field) != null;
    }

    SpecNode field(String name) {
        Object child = value instanceof Map<?, ?> map ? map.get(name) : null;
        return new SpecNode(child, path + "." + name, problems);
    }

    /** The fields of an object, in order; a problem when present and not an object. */
    Map<String, SpecNode> entries() {
        Map<String, SpecNode> result = new LinkedHashMap<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof Map<?, ?> map)) {
            error("is " + describe(value) + ", expected an object");
            return result;
        }
        map.forEach((key, child) -> result.put(String.valueOf(key),
                new SpecNode(child, path + "." + key, problems)));
        return result;
    }

    /** The items of a list; a problem when present and not a list. */
    List<SpecNode> items() {
        List<SpecNode> result = new ArrayList<>();
        if (value == null) {
            return result;
        }
        if (!(value instanceof List<?> list)) {
            error("is " + describe(value) + ", expected a list");
            return result;
        }
        for (int i = 0; i < list.size(); i++) {
            result.add(new SpecNode(list.get(i), path + "[" + i + "]", problems));
        }
        return result;
    }

    Optional<String> text() {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String s) {
            return Optional.of(s);
        }
        error("is " + describe(value) + ", expected a string");
        return Optional.empty();
    }

    Optional<String> requiredText() {
        if (value == null) {
            error("is missing");
        }
        return text();
    }

    Optional<Integer> integer() {
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return Optional.of(n.intValue());
        }
        error("is " + describe(value) + ", expected an integer");
        return Optional.empty();
    }

    /** A port number 1-65535, when present. */
    Optional<Integer> port() {
        Optional<Integer> port = integer();
        if (port.isPresent() && (port.get() < 1 || port.get() > 65535)) {
            error("is " + port.get() + ", expected a port number 1-65535");
            return Optional.empty();
        }
        return port;
    }

    /**
     * Records a problem for every field of this object that the gateway does not take: fields the API has but the
     * gateway does not implement are named as such, anything else as an unknown field.
     *
     * @param what what this object is, for the message ("an Istio HTTPRoute")
     */
    void checkFields(String what, Collection<String> supported, Set<String> unsupported) {
        entries().keySet().forEach(key -> {
            if (unsupported.contains(key)) {
                problems.error(path + "." + key + " is not supported by the MCW gateway; remove it");
            } else if (!supported.contains(key)) {
                problems.error(path + "." + key + " is not a field of " + what + " (expected "
                        + String.join(", ", supported) + ")");
            }
        });
    }

    /** Records an error about this field: {@code <path> <message>}. */
    void error(String message) {
        problems.error(path + " " + message);
    }

    static String describe(Object value) {
        if (value instanceof String s) {
            return "the string '" + s + "'";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        return value instanceof Number ? "the number " + value : String.valueOf(value);
    }
}

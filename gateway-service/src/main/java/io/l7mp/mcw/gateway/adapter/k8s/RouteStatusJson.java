package io.l7mp.mcw.gateway.adapter.k8s;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.gateway.domain.ParentRef;
import io.l7mp.mcw.gateway.domain.RouteStatus;

/**
 * An HTTPRoute's {@code status.parents} as JSON maps: the entries other controllers wrote are kept as they are, the
 * MCW gateway's ({@code controllerName: mcw.l7mp.io/gateway}) are replaced by the wanted ones. A condition's
 * {@code lastTransitionTime} changes only when its status does (Kubernetes API conventions).
 */
final class RouteStatusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RouteStatusJson() {
    }

    /**
     * The {@code status.parents} to write.
     *
     * @param current the entries on the object now (any controller's)
     * @param wanted the gateway's status of the route; null when the gateway handles it no more (its entries go)
     */
    static List<Map<String, Object>> merge(List<Map<String, Object>> current, RouteStatus wanted, Instant now) {
        List<Map<String, Object>> merged = new ArrayList<>();
        current.stream().filter(p -> !ours(p)).forEach(merged::add);
        if (wanted == null) {
            return merged;
        }
        for (RouteStatus.ParentStatus parent : wanted.parents()) {
            Map<String, Object> parentRef = parentRef(parent.parentRef());
            Map<String, Object> before = current.stream().filter(RouteStatusJson::ours)
                    .filter(p -> normalized(parentRef).equals(normalized(p.get("parentRef")))).findFirst()
                    .orElse(Map.of());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("parentRef", parentRef);
            entry.put("controllerName", RouteStatus.CONTROLLER_NAME);
            entry.put("conditions", List.of(condition(parent.accepted(), before, wanted.generation(), now),
                    condition(parent.resolvedRefs(), before, wanted.generation(), now)));
            merged.add(entry);
        }
        return merged;
    }

    /** Whether writing {@code merged} over {@code current} would change nothing (whatever the number types). */
    static boolean same(List<Map<String, Object>> current, List<Map<String, Object>> merged) {
        return normalized(current).equals(normalized(merged));
    }

    /** The {@code status.parents} of an object's {@code status}; empty when it has none. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> parents(Object status) {
        if (status instanceof Map<?, ?> map && map.get("parents") instanceof List<?> list) {
            return list.stream().filter(Map.class::isInstance).map(p -> (Map<String, Object>) p).toList();
        }
        return List.of();
    }

    private static boolean ours(Map<String, Object> parent) {
        return RouteStatus.CONTROLLER_NAME.equals(parent.get("controllerName"));
    }

    private static Map<String, Object> parentRef(ParentRef ref) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfSet(out, "group", ref.group());
        putIfSet(out, "kind", ref.kind());
        putIfSet(out, "namespace", ref.namespace());
        putIfSet(out, "name", ref.name());
        putIfSet(out, "sectionName", ref.sectionName());
        putIfSet(out, "port", ref.port());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(RouteStatus.Condition condition, Map<String, Object> before,
            Long generation, Instant now) {
        String status = condition.status() ? "True" : "False";
        Object since = before.get("conditions") instanceof List<?> list ? list.stream()
                .filter(Map.class::isInstance).map(c -> (Map<String, Object>) c)
                .filter(c -> condition.type().equals(c.get("type")) && status.equals(c.get("status")))
                .map(c -> c.get("lastTransitionTime")).filter(Objects::nonNull).findFirst().orElse(null) : null;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", condition.type());
        out.put("status", status);
        putIfSet(out, "observedGeneration", generation);
        out.put("lastTransitionTime", since != null ? since : now.truncatedTo(ChronoUnit.SECONDS).toString());
        out.put("reason", condition.reason());
        out.put("message", truncated(condition.message()));
        return out;
    }

    /** A condition message holds at most 32768 characters (the Kubernetes Condition type). */
    private static String truncated(String message) {
        return message.length() <= 32768 ? message : message.substring(0, 32765) + "...";
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    /** The value as JSON would read it back: numbers of one type, maps compared without their order. */
    private static Object normalized(Object value) {
        try {
            return MAPPER.readValue(MAPPER.writeValueAsString(value), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("status value cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}

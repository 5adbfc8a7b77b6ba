package io.l7mp.mcw.mcwanctl.adapter.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.mcwanctl.domain.ConditionView;
import io.l7mp.mcw.mcwanctl.domain.PolicyView;
import io.l7mp.mcw.mcwanctl.domain.StaticImport;
import io.l7mp.mcw.mcwanctl.domain.TunnelStatusView;

/**
 * Generic Kubernetes objects as mcwanctl's view records, read field by field and leniently: a field of the wrong
 * type is reported (or left out), never a reason to fail the whole listing.
 */
public final class Views {

    private Views() {
    }

    public static PolicyView policy(GenericKubernetesResource object) {
        Map<String, Object> spec = map(object.getAdditionalProperties().get("spec"));
        Map<String, Object> sla = map(spec.get("sla"));
        Map<String, Object> failover = map(spec.get("failover"));
        List<String> problems = new ArrayList<>();
        String tunnel = text(spec, "tunnel", problems);
        Integer port = integer(spec, "port", problems);
        Double latency = number(sla, "latency-ms", problems);
        Double jitter = number(sla, "jitter-ms", problems);
        Double loss = number(sla, "loss-percent", problems);
        Integer dscp = integer(spec, "dscp", problems);
        List<String> failoverPolicies = failover.get("policies") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        if (spec.get("failover") != null && !(spec.get("failover") instanceof Map)) {
            problems.add("spec.failover is not an object");
        }
        Optional<ConditionView> accepted = conditions(object).stream().filter(c -> "Accepted".equals(c.type()))
                .findFirst();
        return new PolicyView(object.getMetadata().getName(), tunnel, port, latency, jitter, loss, dscp,
                failoverPolicies, accepted.map(ConditionView::status).orElse(null),
                accepted.map(ConditionView::reason).orElse(null), accepted.map(ConditionView::message).orElse(null),
                object.getMetadata().getCreationTimestamp(), problems.isEmpty() ? null : String.join("; ", problems));
    }

    public static List<ConditionView> conditions(GenericKubernetesResource object) {
        Object conditions = map(object.getAdditionalProperties().get("status")).get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(Views::map).map(c -> new ConditionView(string(c.get("type")),
                string(c.get("status")), string(c.get("reason")), string(c.get("message")),
                string(c.get("lastTransitionTime")))).toList();
    }

    public static List<TunnelStatusView> tunnels(GenericKubernetesResource object) {
        Object tunnels = map(object.getAdditionalProperties().get("status")).get("tunnels");
        if (!(tunnels instanceof List<?> list)) {
            return List.of();
        }
        List<String> ignored = new ArrayList<>();
        return list.stream().map(Views::map).map(t -> new TunnelStatusView(string(t.get("cluster")),
                string(t.get("policy")), string(t.get("preferredTunnel")), string(t.get("tunnel")),
                integer(t, "port", ignored), string(t.get("state")),
                t.get("slaSatisfied") instanceof Boolean b ? b : null, string(t.get("reason")),
                number(t, "rttMs", ignored), number(t, "jitterMs", ignored), number(t, "lossPercent", ignored)))
                .toList();
    }

    /** {@code status.clusters[].cluster} of a ServiceImport. */
    public static List<String> importClusters(GenericKubernetesResource object) {
        Object clusters = map(object.getAdditionalProperties().get("status")).get("clusters");
        if (!(clusters instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(Views::map).map(c -> string(c.get("cluster"))).filter(Objects::nonNull).toList();
    }

    public static Map<String, Object> spec(GenericKubernetesResource object) {
        return map(object.getAdditionalProperties().get("spec"));
    }

    public static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    public static String annotation(GenericKubernetesResource object, String key) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    public static String policyAnnotation(GenericKubernetesResource object) {
        return annotation(object, WANPolicy.ANNOTATION);
    }

    public static boolean isStatic(GenericKubernetesResource object) {
        return annotation(object, StaticImport.ANNOTATION_INGRESS) != null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String text(Map<String, Object> map, String key, List<String> problems) {
        Object value = map.get(key);
        if (value != null && !(value instanceof String)) {
            problems.add(key + " is not a string: " + value);
        }
        return string(value);
    }

    private static Integer integer(Map<String, Object> map, String key, List<String> problems) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        problems.add(key + " is not an integer: " + value);
        return null;
    }

    private static Double number(Map<String, Object> map, String key, List<String> problems) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problems.add(key + " is not a number: " + value);
        return null;
    }
}

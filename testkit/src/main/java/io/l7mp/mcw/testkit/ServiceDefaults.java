package io.l7mp.mcw.testkit;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;

/**
 * What a real API server fills into a Service and the CRUD mock does not: the cluster IP and the defaulted fields
 * of the spec. Updates keep the allocated cluster IP when the client leaves it out, as kube-apiserver does.
 */
final class ServiceDefaults {

    /** Paths of Services, with or without a name, namespace or query. */
    static final Pattern PATH = Pattern.compile("^/api/v1/(namespaces/[^/]+/)?services(/[^/?]+)?/?(\\?.*)?$");

    private static final int UNPROCESSABLE_ENTITY = 422;
    private static final String NONE = "None";

    private final ClusterIpAllocator ips;

    ServiceDefaults(ClusterIpAllocator ips) {
        this.ips = ips;
    }

    /** Defaults a Service about to be created; reserves or allocates its cluster IP. */
    void onCreate(ObjectNode service) throws KubernetesCrudDispatcherException {
        ObjectNode spec = spec(service);
        String clusterIp = firstClusterIp(spec);
        if (clusterIp.isEmpty()) {
            if (!isExternalName(spec)) {
                setClusterIp(spec, ips.allocate());
            }
        } else if (!NONE.equals(clusterIp) && !ips.reserve(clusterIp)) {
            throw invalid(service, "spec.clusterIPs", clusterIp, "provided IP is already allocated");
        } else {
            setClusterIp(spec, clusterIp);
        }
        fillDefaults(spec);
    }

    /** Defaults a Service about to replace {@code stored}: keeps the cluster IP, which may not change once set. */
    void onUpdate(JsonNode stored, ObjectNode service) throws KubernetesCrudDispatcherException {
        ObjectNode spec = spec(service);
        String storedIp = firstClusterIp(stored.path("spec"));
        String requestedIp = firstClusterIp(spec);
        if (requestedIp.isEmpty() && !storedIp.isEmpty()) {
            setClusterIp(spec, storedIp);
        } else if (!requestedIp.isEmpty() && !storedIp.isEmpty() && !requestedIp.equals(storedIp)) {
            throw invalid(service, "spec.clusterIPs[0]", requestedIp, "may not change once set");
        } else if (requestedIp.isEmpty() && !isExternalName(spec)) {
            setClusterIp(spec, ips.allocate());
        }
        fillDefaults(spec);
    }

    /** Restores the cluster IP a patch dropped; true if it changed {@code service}. */
    boolean keepClusterIp(JsonNode stored, ObjectNode service) {
        String storedIp = firstClusterIp(stored.path("spec"));
        if (storedIp.isEmpty() || !firstClusterIp(service.path("spec")).isEmpty()) {
            return false;
        }
        setClusterIp(spec(service), storedIp);
        return true;
    }

    /** Frees the cluster IP of a deleted Service. */
    void onDelete(JsonNode stored) {
        String ip = firstClusterIp(stored.path("spec"));
        if (!ip.isEmpty() && !NONE.equals(ip)) {
            ips.release(ip);
        }
    }

    static boolean isService(JsonNode resource) {
        return "Service".equals(resource.path("kind").asText()) && "v1".equals(resource.path("apiVersion").asText());
    }

    private static ObjectNode spec(ObjectNode service) {
        return service.has("spec") && service.get("spec").isObject() ? (ObjectNode) service.get("spec")
                : service.putObject("spec");
    }

    private static String firstClusterIp(JsonNode spec) {
        String clusterIp = spec.path("clusterIP").asText("");
        return clusterIp.isEmpty() ? spec.path("clusterIPs").path(0).asText("") : clusterIp;
    }

    private static boolean isExternalName(JsonNode spec) {
        return "ExternalName".equals(spec.path("type").asText());
    }

    private static void setClusterIp(ObjectNode spec, String ip) {
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
    }

    private static void fillDefaults(ObjectNode spec) {
        putIfAbsent(spec, "type", "ClusterIP");
        putIfAbsent(spec, "sessionAffinity", "None");
        if (!isExternalName(spec)) {
            putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
            putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
            if (!spec.has("ipFamilies")) {
                spec.putArray("ipFamilies").add("IPv4");
            }
        }
        if (spec.path("ports").isArray()) {
            for (JsonNode port : (ArrayNode) spec.get("ports")) {
                if (port.isObject()) {
                    putIfAbsent((ObjectNode) port, "protocol", "TCP");
                    if (!port.has("targetPort") && port.has("port")) {
                        ((ObjectNode) port).set("targetPort", port.get("port"));
                    }
                }
            }
        }
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (node.path(field).asText("").isEmpty()) {
            node.put(field, value);
        }
    }

    private static KubernetesCrudDispatcherException invalid(JsonNode service, String field, String value,
            String reason) {
        String name = service.path("metadata").path("name").asText();
        return new KubernetesCrudDispatcherException(
                "Service \"" + name + "\" is invalid: " + field + ": Invalid value: \"" + value + "\": " + reason,
                UNPROCESSABLE_ENTITY, "Service");
    }
}

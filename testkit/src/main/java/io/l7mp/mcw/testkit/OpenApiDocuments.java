package io.l7mp.mcw.testkit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Meta;

/**
 * The OpenAPI documents kubectl reads for client-side validation ({@code kubectl apply}, {@code kubectl create -f})
 * and {@code kubectl explain}: {@code /openapi/v2} (protobuf or JSON) and {@code /openapi/v3} (an index, then one
 * JSON document per group version). Custom resources get the committed CRD schema of their version, as a real API
 * server publishes it; built-in kinds get definitions derived from their protobuf messages; kinds without a
 * committed CRD (VirtualService, HTTPRoute) get a schema that accepts any spec and status.
 */
final class OpenApiDocuments {

    /** What a real API server answers with: the {@code @} of the requested type is not valid in a response type. */
    static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String V3_REF_PREFIX = "#/components/schemas/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Built-in kinds whose definitions are published; others are left out, so kubectl does not validate them. */
    private static final Set<String> PUBLISHED_CORE = Set.of("Namespace", "Service", "Endpoints", "ConfigMap",
            "Secret", "Event");
    /** Groups of third-party kinds MCW reads without committing their CRDs. */
    private static final Set<String> SCHEMALESS_GROUPS = Set.of("networking.istio.io", "gateway.networking.k8s.io");
    /** Keywords OpenAPI v2 (and kubectl's v2 validation) does not know; the v2 document leaves them out. */
    private static final Set<String> NOT_IN_V2 = Set.of("nullable", "oneOf", "anyOf", "allOf", "not");

    private final ObjectNode v2;
    private final byte[] v2Protobuf;
    /** {@code api/v1} or {@code apis/<group>/<version>} to its OpenAPI v3 document. */
    private final Map<String, ObjectNode> v3ByGroupVersion = new TreeMap<>();
    private final ObjectNode v3Index;

    OpenApiDocuments(ApiResources resources) {
        Map<String, ObjectNode> shared = new LinkedHashMap<>();
        String objectMeta = ProtoSchemas.define(Meta.ObjectMeta.getDescriptor(), shared);
        Map<String, ObjectNode> v2Definitions = new TreeMap<>(shared);
        Map<String, ObjectNode> v3Roots = new LinkedHashMap<>();
        Map<String, List<String>> rootsByGroupVersion = new LinkedHashMap<>();
        Map<String, ObjectNode> pathsByGroupVersion = new LinkedHashMap<>();
        for (ApiResource resource : resources.all()) {
            Optional<Root> root = root(resource, objectMeta, shared);
            if (root.isEmpty()) {
                continue;
            }
            v2Definitions.put(root.get().name(), toV2(root.get().schema()));
            v3Roots.put(root.get().name(), root.get().schema());
            rootsByGroupVersion.computeIfAbsent(groupVersionPath(resource), k -> new java.util.ArrayList<>())
                    .add(root.get().name());
            addPaths(pathsByGroupVersion.computeIfAbsent(groupVersionPath(resource), k -> JSON.objectNode()), resource,
                    root.get().name());
        }
        shared.forEach(v2Definitions::putIfAbsent);
        v2 = JSON.objectNode().put("swagger", "2.0");
        v2.putObject("info").put("title", "Kubernetes").put("version", "v1.33.0-mcw-testkit");
        v2.putObject("paths");
        v2.set("definitions", JSON.objectNode().setAll(v2Definitions));
        v2Protobuf = OpenApiV2Protobuf.encode(v2);

        Map<String, ObjectNode> v3Definitions = new LinkedHashMap<>(shared);
        v3Definitions.putAll(v3Roots);
        v3Index = JSON.objectNode();
        ObjectNode paths = v3Index.putObject("paths");
        rootsByGroupVersion.forEach((path, roots) -> {
            ObjectNode document = v3Document(roots, v3Definitions);
            document.set("paths", pathsByGroupVersion.get(path));
            v3ByGroupVersion.put(path, document);
            paths.putObject(path).put("serverRelativeURL", "/openapi/v3/" + path + "?hash=" + hash(document));
        });
    }

    /** {@code /openapi/v2} as JSON. */
    ObjectNode v2() {
        return v2;
    }

    /** {@code /openapi/v2} as the protobuf kubectl asks for ({@code openapi.v2.Document}). */
    byte[] v2Protobuf() {
        return v2Protobuf.clone();
    }

    /** {@code /openapi/v3}: where each group version's document is. */
    ObjectNode v3Index() {
        return v3Index;
    }

    /** {@code /openapi/v3/<path>}, e.g. {@code apis/mcw.l7mp.io/v1alpha1}. */
    Optional<ObjectNode> v3(String groupVersionPath) {
        return Optional.ofNullable(v3ByGroupVersion.get(groupVersionPath));
    }

    private record Root(String name, ObjectNode schema) {
    }

    private static Optional<Root> root(ApiResource resource, String objectMeta, Map<String, ObjectNode> shared) {
        KubeKind kind = resource.kind();
        ObjectNode schema;
        String name;
        if (resource.fromCrd()) {
            name = definitionName(kind);
            schema = resource.schema().isObject() ? ((ObjectNode) resource.schema()).deepCopy() : schemaless(kind);
        } else if (SCHEMALESS_GROUPS.contains(kind.group())) {
            name = definitionName(kind);
            schema = schemaless(kind);
        } else {
            Optional<Descriptor> message = kind.isCore() && PUBLISHED_CORE.contains(kind.kind())
                    ? KubeProtobuf.message(kind.apiVersion(), kind.kind())
                    : Optional.empty();
            if (message.isEmpty()) {
                return Optional.empty();
            }
            name = ProtoSchemas.define(message.get(), shared);
            schema = shared.remove(name).deepCopy();
        }
        ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                : schema.putObject("properties");
        schema.put("type", "object");
        properties.set("apiVersion", JSON.objectNode().put("type", "string").put("description",
                "APIVersion defines the versioned schema of this representation of an object."));
        properties.set("kind", JSON.objectNode().put("type", "string").put("description",
                "Kind is a string value representing the REST resource this object represents."));
        properties.set("metadata", JSON.objectNode().put("$ref", ProtoSchemas.REF_PREFIX + objectMeta)
                .put("description", "Standard object's metadata."));
        ArrayNode gvk = schema.putArray("x-kubernetes-group-version-kind");
        gvk.addObject().put("group", kind.group()).put("kind", kind.kind()).put("version", kind.version());
        return Optional.of(new Root(name, schema));
    }

    /** What a real API server names a CRD's definition: the group reversed, e.g. {@code io.l7mp.mcw.v1alpha1.WANPolicy}. */
    static String definitionName(KubeKind kind) {
        List<String> labels = new java.util.ArrayList<>(List.of(kind.group().split("\\.")));
        java.util.Collections.reverse(labels);
        return String.join(".", labels) + "." + kind.version() + "." + kind.kind();
    }

    private static ObjectNode schemaless(KubeKind kind) {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("description", kind.kind()
                + " has no committed CRD: the MCW API server stand-in accepts any spec and status.");
        ObjectNode properties = schema.putObject("properties");
        for (String field : List.of("spec", "status")) {
            properties.putObject(field).put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
        }
        return schema;
    }

    /**
     * The schema as OpenAPI v2 carries it (as a real API server publishes CRDs there): what v2 cannot express is
     * left out, a subtree that keeps unknown fields becomes a schema that accepts anything, and int-or-string is
     * a string of format int-or-string, which kubectl's validation accepts numbers for.
     */
    private static ObjectNode toV2(JsonNode schema) {
        ObjectNode copy = ((ObjectNode) schema).deepCopy();
        if (copy.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                && !copy.has("x-kubernetes-group-version-kind")) {
            ObjectNode any = JSON.objectNode();
            if (copy.has("description")) {
                any.set("description", copy.get("description"));
            }
            return any;
        }
        if (copy.path("x-kubernetes-int-or-string").asBoolean(false)) {
            copy.put("type", "string").put("format", "int-or-string");
        }
        copy.remove(NOT_IN_V2);
        for (Iterator<String> names = copy.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") && !name.equals("x-kubernetes-group-version-kind")) {
                names.remove();
            }
        }
        if (copy.path("properties").isObject()) {
            ObjectNode properties = (ObjectNode) copy.get("properties");
            properties.fieldNames().forEachRemaining(p -> properties.set(p, toV2(properties.get(p))));
        }
        if (copy.path("items").isObject()) {
            copy.set("items", toV2(copy.get("items")));
        }
        if (copy.path("additionalProperties").isObject()) {
            copy.set("additionalProperties", toV2(copy.get("additionalProperties")));
        }
        return copy;
    }

    private static ObjectNode v3Document(List<String> roots, Map<String, ObjectNode> definitions) {
        Map<String, ObjectNode> closure = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (closure.containsKey(name) || !definitions.containsKey(name)) {
                continue;
            }
            ObjectNode schema = v3Refs(definitions.get(name).deepCopy(), pending);
            closure.put(name, schema);
        }
        ObjectNode document = JSON.objectNode().put("openapi", "3.0.0");
        document.putObject("info").put("title", "Kubernetes").put("version", "v1.33.0-mcw-testkit");
        document.putObject("paths");
        document.putObject("components").putObject("schemas").setAll(closure);
        return document;
    }

    /** Rewrites v2 references for v3 (a described reference as {@code allOf}, as Kubernetes does) and collects them. */
    private static ObjectNode v3Refs(ObjectNode schema, Deque<String> referenced) {
        if (schema.path("$ref").asText("").startsWith(ProtoSchemas.REF_PREFIX)) {
            String target = schema.get("$ref").asText().substring(ProtoSchemas.REF_PREFIX.length());
            referenced.add(target);
            schema.remove("$ref");
            schema.putArray("allOf").addObject().put("$ref", V3_REF_PREFIX + target);
        }
        schema.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isObject() && !field.getKey().startsWith("x-")) {
                v3Refs((ObjectNode) value, referenced);
            } else if (value.isArray()) {
                value.forEach(element -> {
                    if (element.isObject()) {
                        v3Refs((ObjectNode) element, referenced);
                    }
                });
            }
        });
        return schema;
    }

    /**
     * The read operations of a resource, each naming its kind: {@code kubectl explain} finds a resource's schema
     * through them. No write operation is listed, so kubectl does not take the server for one that validates fields
     * itself ({@code fieldValidation}) and validates on the client.
     */
    private static void addPaths(ObjectNode paths, ApiResource resource, String definition) {
        KubeKind kind = resource.kind();
        String base = "/" + groupVersionPath(resource);
        List<String> collections = kind.namespaced()
                ? List.of(base + "/namespaces/{namespace}/" + kind.plural(), base + "/" + kind.plural())
                : List.of(base + "/" + kind.plural());
        for (String collection : collections) {
            paths.set(collection, read(kind, "list", definition));
            if (!collection.equals(base + "/" + kind.plural()) || !kind.namespaced()) {
                paths.set(collection + "/{name}", read(kind, "get", definition));
            }
        }
    }

    private static ObjectNode read(KubeKind kind, String action, String definition) {
        ObjectNode path = JSON.objectNode();
        ObjectNode get = path.putObject("get").put("operationId", action + kind.kind())
                .put("x-kubernetes-action", action);
        get.putObject("x-kubernetes-group-version-kind").put("group", kind.group()).put("kind", kind.kind())
                .put("version", kind.version());
        ObjectNode schema = get.putObject("responses").putObject("200").put("description", "OK")
                .putObject("content").putObject("application/json").putObject("schema");
        if (action.equals("get")) {
            schema.put("$ref", V3_REF_PREFIX + definition);
        } else {
            schema.put("type", "object");
        }
        return path;
    }

    private static String groupVersionPath(ApiResource resource) {
        return resource.kind().isCore() ? "api/" + resource.version()
                : "apis/" + resource.group() + "/" + resource.version();
    }

    private static String hash(JsonNode document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-512")
                    .digest(Serialization.asJson(document).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 32).toUpperCase();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is missing from this JVM", e);
        }
    }
}

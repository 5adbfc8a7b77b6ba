package io.l7mp.mcw.testkit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Admission of custom resources against their CRD's structural schema, as a real API server does before it stores an
 * object: the schema is validated by a JSON Schema library (draft 4, which OpenAPI v3 schemas are close to) and each
 * violation is reported in the words of the Kubernetes API server, e.g.
 * {@code spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"}. Unknown fields
 * are kept (a real API server prunes them); CEL rules ({@code x-kubernetes-validations}) and formats are not checked.
 */
final class CrdAdmission {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);

    private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

    /** The outcome of admitting one object. */
    sealed interface Outcome permits Admitted, Refused {
    }

    record Admitted() implements Outcome {
    }

    /** The object breaks its schema; {@code status} is the Kubernetes {@code Status} (422 Invalid) to answer with. */
    record Refused(List<FieldError> errors, ObjectNode status) implements Outcome {
    }

    /**
     * One violation.
     *
     * @param field the path, e.g. {@code spec.ports[0].port}
     * @param reason the Kubernetes cause type, e.g. {@code FieldValueInvalid}
     * @param message e.g. {@code Required value}
     */
    record FieldError(String field, String reason, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private record Compiled(ObjectNode jsonSchema, Schema schema) {
    }

    /** Checks {@code object} against the schema of {@code resource}; a resource without a CRD schema admits all. */
    Outcome admit(ApiResource resource, JsonNode object) {
        if (!resource.fromCrd() || !resource.schema().isObject() || !object.isObject()) {
            return new Admitted();
        }
        Compiled schema = compiled.computeIfAbsent(resource.kind().apiVersion() + "/" + resource.plural(),
                k -> compile(resource.schema()));
        ObjectNode checked = ((ObjectNode) object).deepCopy();
        if (resource.kind().statusSubresource()) {
            // status is written through /status only: a write of the object itself leaves it alone
            checked.remove("status");
        }
        List<FieldError> errors = schema.schema().validate(checked).stream()
                .map(e -> describe(e, schema.jsonSchema()))
                .distinct()
                .collect(Collectors.toList());
        return errors.isEmpty() ? new Admitted() : new Refused(errors, status(resource, object, errors));
    }

    private static Compiled compile(JsonNode crdSchema) {
        ObjectNode jsonSchema = toJsonSchema(crdSchema);
        return new Compiled(jsonSchema, REGISTRY.getSchema(jsonSchema));
    }

    /**
     * A structural schema as JSON Schema: {@code nullable} as a null type, int-or-string as integer or string, and
     * without the Kubernetes formats, extensions and descriptions.
     */
    static ObjectNode toJsonSchema(JsonNode crdSchema) {
        ObjectNode schema = ((ObjectNode) crdSchema).deepCopy();
        for (Iterator<String> names = schema.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("x-kubernetes-") && !name.equals("x-kubernetes-int-or-string")
                    || name.equals("format") || name.equals("description")) {
                names.remove();
            }
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            schema.remove("x-kubernetes-int-or-string");
            schema.set("type", JSON.arrayNode().add("integer").add("string"));
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            schema.set("type", JSON.arrayNode().add(schema.get("type").asText()).add("null"));
        }
        schema.remove("nullable");
        if (schema.path("properties").isObject()) {
            ObjectNode properties = (ObjectNode) schema.get("properties");
            properties.fieldNames().forEachRemaining(p -> properties.set(p, toJsonSchema(properties.get(p))));
        }
        for (String single : List.of("items", "additionalProperties", "not")) {
            if (schema.path(single).isObject()) {
                schema.set(single, toJsonSchema(schema.get(single)));
            }
        }
        for (String list : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.path(list).isArray()) {
                var converted = JSON.arrayNode();
                schema.get(list).forEach(s -> converted.add(toJsonSchema(s)));
                schema.set(list, converted);
            }
        }
        return schema;
    }

    private static FieldError describe(com.networknt.schema.Error error, ObjectNode jsonSchema) {
        String path = path(error);
        JsonNode value = error.getInstanceNode();
        JsonNode limit = error.getSchemaNode();
        switch (error.getKeyword()) {
            case "type":
                String actual = typeName(value);
                return invalid(path, quote(actual), "must be of type " + expectedType(limit) + ": " + quote(actual));
            case "required":
                String field = path.isEmpty() ? error.getProperty() : path + "." + error.getProperty();
                return new FieldError(field, "FieldValueRequired", "Required value");
            case "maximum":
                return invalid(path, render(value), "should be less than "
                        + (exclusive(error, jsonSchema, "exclusiveMaximum") ? "" : "or equal to ") + render(limit));
            case "minimum":
                return invalid(path, render(value), "should be greater than "
                        + (exclusive(error, jsonSchema, "exclusiveMinimum") ? "" : "or equal to ") + render(limit));
            case "enum":
                List<String> supported = new ArrayList<>();
                limit.forEach(v -> supported.add(render(v)));
                return new FieldError(path, "FieldValueNotSupported",
                        "Unsupported value: " + render(value) + ": supported values: " + String.join(", ", supported));
            case "maxItems":
                return new FieldError(path, "FieldValueTooMany",
                        "Too many: " + value.size() + ": must have at most " + limit.asInt() + " items");
            case "minItems":
                return invalid(path, render(JSON.numberNode(value.size())),
                        "should have at least " + limit.asInt() + " items");
            case "maxLength":
                return new FieldError(path, "FieldValueTooLong", "Too long: may not be more than " + limit.asInt()
                        + " bytes");
            case "minLength":
                return invalid(path, render(value), "should be at least " + limit.asInt() + " chars long");
            case "pattern":
                return invalid(path, render(value), "should match '" + limit.asText() + "'");
            default:
                return invalid(path, render(value), error.getMessage());
        }
    }

    private static FieldError invalid(String path, String value, String rule) {
        return new FieldError(path, "FieldValueInvalid", "Invalid value: " + value + ": " + path + " in body " + rule);
    }

    /** {@code spec.ports[0].port}, from the error's JSON location. */
    private static String path(com.networknt.schema.Error error) {
        var location = error.getInstanceLocation();
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            if (element instanceof Number) {
                path.append('[').append(element).append(']');
            } else {
                path.append(path.length() == 0 ? "" : ".").append(element);
            }
        }
        return path.toString();
    }

    /** Draft 4 keeps exclusiveMaximum/Minimum beside maximum/minimum: look in the schema the error points into. */
    private static boolean exclusive(com.networknt.schema.Error error, ObjectNode jsonSchema, String keyword) {
        String location = String.valueOf(error.getSchemaLocation());
        int fragment = location.indexOf('#');
        if (fragment < 0) {
            return false;
        }
        String pointer = location.substring(fragment + 1);
        int last = pointer.lastIndexOf('/');
        if (last < 0) {
            return false;
        }
        return jsonSchema.at(JsonPointer.compile(pointer.substring(0, last))).path(keyword).asBoolean(false);
    }

    private static String expectedType(JsonNode type) {
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> {
                if (!"null".equals(t.asText())) {
                    types.add(t.asText());
                }
            });
            return String.join(" or ", types);
        }
        return type.asText();
    }

    private static String typeName(JsonNode value) {
        if (value.isTextual()) {
            return "string";
        } else if (value.isIntegralNumber()) {
            return "integer";
        } else if (value.isNumber()) {
            return "number";
        } else if (value.isBoolean()) {
            return "boolean";
        } else if (value.isArray()) {
            return "array";
        } else if (value.isNull()) {
            return "null";
        }
        return "object";
    }

    /** A value as the API server prints it: strings quoted, numbers without a needless fraction. */
    private static String render(JsonNode value) {
        if (value.isTextual()) {
            return quote(value.asText());
        } else if (value.isNumber()) {
            return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
        }
        return Serialization.asJson(value);
    }

    private static String quote(String text) {
        return Serialization.asJson(JSON.textNode(text));
    }

    /** The {@code Status} a real API server answers with: 422, reason Invalid, one cause per violation. */
    private static ObjectNode status(ApiResource resource, JsonNode object, List<FieldError> errors) {
        String name = object.path("metadata").path("name").asText("");
        String qualifiedKind = resource.kind().isCore() ? resource.kind().kind()
                : resource.kind().kind() + "." + resource.group();
        String detail = errors.size() == 1 ? errors.get(0).toString()
                : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure")
                .put("message", qualifiedKind + " " + quote(name) + " is invalid: " + detail)
                .put("reason", "Invalid");
        ObjectNode details = status.putObject("details").put("name", name).put("group", resource.group())
                .put("kind", resource.kind().kind());
        var causes = details.putArray("causes");
        errors.forEach(e -> causes.addObject().put("reason", e.reason()).put("message", e.message())
                .put("field", e.field()));
        status.put("code", 422);
        return status;
    }
}

package io.l7mp.mcw.testkit;

import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;

/**
 * OpenAPI definitions of built-in kinds derived from their Kubernetes protobuf messages, whose field names are the
 * JSON names: the field names and types kubectl validates and explains, without the upstream descriptions.
 * References are {@code #/definitions/<name>}; {@link OpenApiDocuments} rewrites them for OpenAPI v3.
 */
final class ProtoSchemas {

    static final String REF_PREFIX = "#/definitions/";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProtoSchemas() {
    }

    /** Adds the definition of {@code message} and of every message it references to {@code definitions}. */
    static String define(Descriptor message, Map<String, ObjectNode> definitions) {
        String name = KubeProtobuf.definitionName(message);
        if (definitions.containsKey(name)) {
            return name;
        }
        ObjectNode schema = JSON.objectNode().put("type", "object");
        definitions.put(name, schema);
        ObjectNode properties = JSON.objectNode();
        for (FieldDescriptor field : message.getFields()) {
            ObjectNode fieldSchema = field.isMapField() ? map(field, definitions)
                    : field.isRepeated() ? JSON.objectNode().put("type", "array").set("items", single(field, definitions))
                            : single(field, definitions);
            if (KubeProtobuf.INLINE_FIELDS.contains(field.getName()) && fieldSchema.has("$ref")) {
                // Go embeds these inline: their fields are this message's fields in JSON
                String inlined = fieldSchema.get("$ref").asText().substring(REF_PREFIX.length());
                properties.setAll((ObjectNode) definitions.get(inlined).path("properties"));
            } else {
                properties.set(field.getName(), fieldSchema);
            }
        }
        if (!properties.isEmpty()) {
            schema.set("properties", properties);
        }
        return name;
    }

    private static ObjectNode map(FieldDescriptor field, Map<String, ObjectNode> definitions) {
        FieldDescriptor value = field.getMessageType().findFieldByName("value");
        return JSON.objectNode().put("type", "object").set("additionalProperties", single(value, definitions));
    }

    private static ObjectNode single(FieldDescriptor field, Map<String, ObjectNode> definitions) {
        switch (field.getJavaType()) {
            case STRING:
            case ENUM:
                return JSON.objectNode().put("type", "string");
            case BOOLEAN:
                return JSON.objectNode().put("type", "boolean");
            case INT:
                return JSON.objectNode().put("type", "integer").put("format", "int32");
            case LONG:
                return JSON.objectNode().put("type", "integer").put("format", "int64");
            case FLOAT:
            case DOUBLE:
                return JSON.objectNode().put("type", "number").put("format", "double");
            case BYTE_STRING:
                return JSON.objectNode().put("type", "string").put("format", "byte");
            default:
                return message(field.getMessageType(), definitions);
        }
    }

    private static ObjectNode message(Descriptor type, Map<String, ObjectNode> definitions) {
        switch (type.getFullName()) {
            case KubeProtobuf.TIME:
            case KubeProtobuf.MICRO_TIME:
                return JSON.objectNode().put("type", "string").put("format", "date-time");
            case KubeProtobuf.INT_OR_STRING:
                return JSON.objectNode().put("type", "string").put("format", "int-or-string");
            case KubeProtobuf.QUANTITY:
            case KubeProtobuf.DURATION:
                return JSON.objectNode().put("type", "string");
            case KubeProtobuf.RAW_EXTENSION:
            case KubeProtobuf.FIELDS_V1:
                return JSON.objectNode().put("type", "object");
            default:
                return JSON.objectNode().put("$ref", REF_PREFIX + define(type, definitions));
        }
    }
}

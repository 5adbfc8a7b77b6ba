package io.l7mp.mcw.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubernetes.client.proto.Runtime;

/**
 * Reads a request body in the Kubernetes protobuf encoding ({@code application/vnd.kubernetes.protobuf}, which
 * kubectl sends for built-in kinds, e.g. {@code kubectl create namespace}) into the object's JSON form, so that the
 * rest of the stand-in only ever sees JSON.
 */
final class ProtobufBodies {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    /** Every Kubernetes protobuf body starts with these four bytes, then a {@code runtime.Unknown}. */
    private static final byte[] MAGIC = { 'k', '8', 's', 0 };
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProtobufBodies() {
    }

    /** The outcome of reading a body. */
    sealed interface Decoded permits Json, Unreadable {
    }

    record Json(ObjectNode object) implements Decoded {
    }

    /** Why the body cannot be read: what it is and what was expected. */
    record Unreadable(String reason) implements Decoded {
    }

    static Decoded toJson(byte[] body) {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            return new Unreadable("the body does not start with the Kubernetes protobuf prefix \"k8s\\0\"");
        }
        try {
            Runtime.Unknown unknown = Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, MAGIC.length, body.length));
            String apiVersion = unknown.getTypeMeta().getApiVersion();
            String kind = unknown.getTypeMeta().getKind();
            Descriptor type = KubeProtobuf.message(apiVersion, kind).orElse(null);
            if (type == null) {
                return new Unreadable("no protobuf message is known for " + kind + " (" + apiVersion
                        + "); send it as application/json");
            }
            ObjectNode object = JSON.objectNode().put("apiVersion", apiVersion).put("kind", kind);
            object.setAll(message(DynamicMessage.parseFrom(type, unknown.getRaw())));
            return new Json(object);
        } catch (InvalidProtocolBufferException e) {
            return new Unreadable("the protobuf body is malformed: " + e.getMessage());
        }
    }

    /**
     * A message's fields as JSON, leaving out what Go's JSON encoding leaves out as empty (empty strings, lists, maps
     * and objects, unset times): Go's protobuf encoding writes them, its JSON encoding does not.
     */
    private static ObjectNode message(Message message) {
        ObjectNode object = JSON.objectNode();
        for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            JsonNode value = field.isMapField() ? map((List<?>) entry.getValue())
                    : field.isRepeated() ? list(field, (List<?>) entry.getValue()) : single(field, entry.getValue());
            if (KubeProtobuf.INLINE_FIELDS.contains(field.getName()) && value instanceof ObjectNode inlined) {
                object.setAll(inlined);
            } else if (!isEmpty(value)) {
                object.set(field.getName(), value);
            }
        }
        return object;
    }

    private static JsonNode map(List<?> entries) {
        ObjectNode map = JSON.objectNode();
        for (Object entry : entries) {
            Message pair = (Message) entry;
            FieldDescriptor key = pair.getDescriptorForType().findFieldByName("key");
            FieldDescriptor value = pair.getDescriptorForType().findFieldByName("value");
            map.set(String.valueOf(pair.getField(key)), single(value, pair.getField(value)));
        }
        return map;
    }

    private static JsonNode list(FieldDescriptor field, List<?> values) {
        var array = JSON.arrayNode();
        values.forEach(v -> array.add(single(field, v)));
        return array;
    }

    private static JsonNode single(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case STRING:
                return JSON.textNode((String) value);
            case ENUM:
                return JSON.textNode(value.toString());
            case BOOLEAN:
                return JSON.booleanNode((Boolean) value);
            case INT:
                return JSON.numberNode((Integer) value);
            case LONG:
                return JSON.numberNode((Long) value);
            case FLOAT:
                return JSON.numberNode((Float) value);
            case DOUBLE:
                return JSON.numberNode((Double) value);
            case BYTE_STRING:
                // Go's JSON encoding of []byte
                return JSON.textNode(java.util.Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            default:
                return special((Message) value);
        }
    }

    private static JsonNode special(Message value) {
        Descriptor type = value.getDescriptorForType();
        switch (type.getFullName()) {
            case KubeProtobuf.TIME:
            case KubeProtobuf.MICRO_TIME:
                return time(value, KubeProtobuf.MICRO_TIME.equals(type.getFullName()));
            case KubeProtobuf.INT_OR_STRING:
                long intOrStringType = (Long) value.getField(type.findFieldByName("type"));
                return intOrStringType == 0 ? JSON.numberNode((Integer) value.getField(type.findFieldByName("intVal")))
                        : JSON.textNode((String) value.getField(type.findFieldByName("strVal")));
            case KubeProtobuf.QUANTITY:
                return JSON.textNode((String) value.getField(type.findFieldByName("string")));
            case KubeProtobuf.DURATION:
                long nanos = (Long) value.getField(type.findFieldByName("duration"));
                return JSON.textNode(java.time.Duration.ofNanos(nanos).toSeconds() + "s");
            case KubeProtobuf.RAW_EXTENSION:
            case KubeProtobuf.FIELDS_V1:
                return raw((ByteString) value.getField(type.getFields().get(0)));
            default:
                return message(value);
        }
    }

    private static JsonNode time(Message value, boolean micro) {
        Descriptor type = value.getDescriptorForType();
        FieldDescriptor seconds = type.findFieldByName("seconds");
        if (!value.hasField(seconds)) {
            return JSON.missingNode();
        }
        Instant instant = Instant.ofEpochSecond((Long) value.getField(seconds),
                (Integer) value.getField(type.findFieldByName("nanos")));
        return JSON.textNode(DateTimeFormatter.ISO_INSTANT
                .format(instant.truncatedTo(micro ? ChronoUnit.MICROS : ChronoUnit.SECONDS)));
    }

    private static JsonNode raw(ByteString bytes) {
        if (bytes.isEmpty()) {
            return JSON.missingNode();
        }
        try {
            return Serialization.jsonMapper().readTree(bytes.toString(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.textNode(bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value.isMissingNode() || value.isTextual() && value.asText().isEmpty()
                || (value.isObject() || value.isArray()) && value.isEmpty();
    }
}

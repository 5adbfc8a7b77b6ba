package io.l7mp.mcw.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedOutputStream;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Writes an OpenAPI v2 document in the protobuf form kubectl reads from {@code /openapi/v2}: the
 * {@code openapi.v2.Document} message of Google's gnostic models (the encoding is fixed by that message's field
 * numbers). Only what kubectl's validation and {@code explain} read is written: {@code swagger}, {@code info} and the
 * {@code definitions} with their schemas and vendor extensions.
 */
final class OpenApiV2Protobuf {

    // openapi.v2.Document
    private static final int DOCUMENT_SWAGGER = 1;
    private static final int DOCUMENT_INFO = 2;
    private static final int DOCUMENT_PATHS = 8;
    private static final int DOCUMENT_DEFINITIONS = 9;
    // openapi.v2.Info
    private static final int INFO_TITLE = 1;
    private static final int INFO_VERSION = 2;
    // openapi.v2.Definitions / Properties: repeated NamedSchema additional_properties = 1
    private static final int NAMED_ENTRIES = 1;
    // openapi.v2.NamedSchema / NamedAny
    private static final int NAMED_NAME = 1;
    private static final int NAMED_VALUE = 2;
    // openapi.v2.Any
    private static final int ANY_YAML = 2;
    // openapi.v2.Schema
    private static final int SCHEMA_REF = 1;
    private static final int SCHEMA_FORMAT = 2;
    private static final int SCHEMA_TITLE = 3;
    private static final int SCHEMA_DESCRIPTION = 4;
    private static final int SCHEMA_DEFAULT = 5;
    private static final int SCHEMA_MULTIPLE_OF = 6;
    private static final int SCHEMA_MAXIMUM = 7;
    private static final int SCHEMA_EXCLUSIVE_MAXIMUM = 8;
    private static final int SCHEMA_MINIMUM = 9;
    private static final int SCHEMA_EXCLUSIVE_MINIMUM = 10;
    private static final int SCHEMA_MAX_LENGTH = 11;
    private static final int SCHEMA_MIN_LENGTH = 12;
    private static final int SCHEMA_PATTERN = 13;
    private static final int SCHEMA_MAX_ITEMS = 14;
    private static final int SCHEMA_MIN_ITEMS = 15;
    private static final int SCHEMA_UNIQUE_ITEMS = 16;
    private static final int SCHEMA_MAX_PROPERTIES = 17;
    private static final int SCHEMA_MIN_PROPERTIES = 18;
    private static final int SCHEMA_REQUIRED = 19;
    private static final int SCHEMA_ENUM = 20;
    private static final int SCHEMA_ADDITIONAL_PROPERTIES = 21;
    private static final int SCHEMA_TYPE = 22;
    private static final int SCHEMA_ITEMS = 23;
    private static final int SCHEMA_PROPERTIES = 25;
    private static final int SCHEMA_VENDOR_EXTENSION = 31;
    // openapi.v2.AdditionalPropertiesItem: oneof { Schema schema = 1; bool boolean = 2; }
    private static final int ADDITIONAL_SCHEMA = 1;
    private static final int ADDITIONAL_BOOLEAN = 2;
    // openapi.v2.TypeItem: repeated string value = 1; openapi.v2.ItemsItem: repeated Schema schema = 1
    private static final int REPEATED_VALUE = 1;

    private OpenApiV2Protobuf() {
    }

    static byte[] encode(JsonNode document) {
        return message(out -> {
            out.writeString(DOCUMENT_SWAGGER, document.path("swagger").asText("2.0"));
            out.writeBytes(DOCUMENT_INFO, com.google.protobuf.ByteString.copyFrom(message(info -> {
                info.writeString(INFO_TITLE, document.path("info").path("title").asText(""));
                info.writeString(INFO_VERSION, document.path("info").path("version").asText(""));
            })));
            out.writeBytes(DOCUMENT_PATHS, com.google.protobuf.ByteString.EMPTY);
            out.writeBytes(DOCUMENT_DEFINITIONS, bytes(named(document.path("definitions"))));
        });
    }

    /** {@code Definitions} or {@code Properties}: the named schemas of a JSON object. */
    private static byte[] named(JsonNode schemas) {
        return message(out -> {
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) schemas::fields) {
                out.writeBytes(NAMED_ENTRIES, bytes(message(named -> {
                    named.writeString(NAMED_NAME, entry.getKey());
                    named.writeBytes(NAMED_VALUE, bytes(schema(entry.getValue())));
                })));
            }
        });
    }

    private static byte[] schema(JsonNode schema) {
        return message(out -> {
            text(out, SCHEMA_REF, schema.path("$ref"));
            text(out, SCHEMA_FORMAT, schema.path("format"));
            text(out, SCHEMA_TITLE, schema.path("title"));
            text(out, SCHEMA_DESCRIPTION, schema.path("description"));
            if (schema.has("default")) {
                out.writeBytes(SCHEMA_DEFAULT, bytes(any(schema.get("default"))));
            }
            number(out, SCHEMA_MULTIPLE_OF, schema.path("multipleOf"));
            number(out, SCHEMA_MAXIMUM, schema.path("maximum"));
            flag(out, SCHEMA_EXCLUSIVE_MAXIMUM, schema.path("exclusiveMaximum"));
            number(out, SCHEMA_MINIMUM, schema.path("minimum"));
            flag(out, SCHEMA_EXCLUSIVE_MINIMUM, schema.path("exclusiveMinimum"));
            count(out, SCHEMA_MAX_LENGTH, schema.path("maxLength"));
            count(out, SCHEMA_MIN_LENGTH, schema.path("minLength"));
            text(out, SCHEMA_PATTERN, schema.path("pattern"));
            count(out, SCHEMA_MAX_ITEMS, schema.path("maxItems"));
            count(out, SCHEMA_MIN_ITEMS, schema.path("minItems"));
            flag(out, SCHEMA_UNIQUE_ITEMS, schema.path("uniqueItems"));
            count(out, SCHEMA_MAX_PROPERTIES, schema.path("maxProperties"));
            count(out, SCHEMA_MIN_PROPERTIES, schema.path("minProperties"));
            for (JsonNode required : schema.path("required")) {
                out.writeString(SCHEMA_REQUIRED, required.asText());
            }
            for (JsonNode value : schema.path("enum")) {
                out.writeBytes(SCHEMA_ENUM, bytes(any(value)));
            }
            JsonNode additional = schema.path("additionalProperties");
            if (additional.isObject()) {
                out.writeBytes(SCHEMA_ADDITIONAL_PROPERTIES,
                        bytes(message(a -> a.writeBytes(ADDITIONAL_SCHEMA, bytes(schema(additional))))));
            } else if (additional.isBoolean()) {
                out.writeBytes(SCHEMA_ADDITIONAL_PROPERTIES,
                        bytes(message(a -> a.writeBool(ADDITIONAL_BOOLEAN, additional.asBoolean()))));
            }
            JsonNode type = schema.path("type");
            if (!type.isMissingNode()) {
                out.writeBytes(SCHEMA_TYPE, bytes(message(t -> {
                    for (JsonNode value : type.isArray() ? type : java.util.List.of(type)) {
                        t.writeString(REPEATED_VALUE, value.asText());
                    }
                })));
            }
            if (schema.path("items").isObject()) {
                out.writeBytes(SCHEMA_ITEMS,
                        bytes(message(i -> i.writeBytes(REPEATED_VALUE, bytes(schema(schema.get("items")))))));
            }
            if (schema.path("properties").isObject()) {
                out.writeBytes(SCHEMA_PROPERTIES, bytes(named(schema.get("properties"))));
            }
            for (Map.Entry<String, JsonNode> entry : (Iterable<Map.Entry<String, JsonNode>>) schema::fields) {
                if (entry.getKey().startsWith("x-")) {
                    out.writeBytes(SCHEMA_VENDOR_EXTENSION, bytes(message(named -> {
                        named.writeString(NAMED_NAME, entry.getKey());
                        named.writeBytes(NAMED_VALUE, bytes(any(entry.getValue())));
                    })));
                }
            }
        });
    }

    /** {@code openapi.v2.Any}: a value as YAML text (JSON is YAML). */
    private static byte[] any(JsonNode value) {
        return message(out -> out.writeString(ANY_YAML, Serialization.asJson(value)));
    }

    private static void text(CodedOutputStream out, int field, JsonNode value) throws IOException {
        if (value.isTextual() && !value.asText().isEmpty()) {
            out.writeString(field, value.asText());
        }
    }

    private static void number(CodedOutputStream out, int field, JsonNode value) throws IOException {
        if (value.isNumber()) {
            out.writeDouble(field, new BigDecimal(value.asText()).doubleValue());
        }
    }

    private static void count(CodedOutputStream out, int field, JsonNode value) throws IOException {
        if (value.isNumber()) {
            out.writeInt64(field, value.asLong());
        }
    }

    private static void flag(CodedOutputStream out, int field, JsonNode value) throws IOException {
        if (value.isBoolean() && value.asBoolean()) {
            out.writeBool(field, true);
        }
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the OpenAPI v2 document", e);
        }
    }

    private static com.google.protobuf.ByteString bytes(byte[] message) {
        return com.google.protobuf.ByteString.copyFrom(message);
    }
}

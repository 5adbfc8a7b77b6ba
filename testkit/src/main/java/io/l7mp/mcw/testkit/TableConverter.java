package io.l7mp.mcw.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The server-side table of {@code kubectl get} ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): a
 * CRD's {@code additionalPrinterColumns} after the Name column, as a real API server prints them (dates as ages),
 * and for built-in kinds the columns kubectl users know ({@link BuiltInColumns}).
 */
final class TableConverter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Serialization.jsonMapper()))
            .mappingProvider(new JacksonMappingProvider(Serialization.jsonMapper()))
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();
    private static final PrinterColumn NAME = new PrinterColumn("Name", "string", "name",
            "Name must be unique within a namespace.", 0, ".metadata.name");
    private static final PrinterColumn AGE = new PrinterColumn("Age", "date", "",
            "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
            ".metadata.creationTimestamp");

    private final Clock clock;

    TableConverter(Clock clock) {
        this.clock = clock;
    }

    /** A column: its definition and how a row's cell is computed from the object. */
    record Column(PrinterColumn definition, Function<JsonNode, Object> cell) {
    }

    /**
     * The table of {@code body} (one object or a list) for {@code resource}.
     *
     * @param includeObject {@code None}, {@code Metadata} (the default) or {@code Object}: what each row carries
     * @param tableVersion {@code v1} or {@code v1beta1} of {@code meta.k8s.io}
     */
    ObjectNode table(ApiResource resource, JsonNode body, String includeObject, String tableVersion) {
        List<Column> columns = columns(resource);
        ObjectNode table = JSON.objectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/" + tableVersion);
        table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        for (Column column : columns) {
            PrinterColumn c = column.definition();
            definitions.addObject().put("name", c.name()).put("type", "date".equals(c.type()) ? "string" : c.type())
                    .put("format", c.format()).put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.get("items").forEach(items::add);
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            columns.forEach(column -> cells.add(JSON.pojoNode(column.cell().apply(item))));
            if ("Object".equals(includeObject)) {
                row.set("object", item);
            } else if (!"None".equals(includeObject)) {
                row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1")
                        .set("metadata", item.path("metadata"));
            }
        }
        return table;
    }

    List<Column> columns(ApiResource resource) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column(NAME, o -> o.path("metadata").path("name").asText()));
        if (resource.fromCrd()) {
            List<PrinterColumn> declared = resource.printerColumns().isEmpty() ? List.of(AGE)
                    : resource.printerColumns();
            declared.forEach(c -> columns.add(new Column(c, o -> cell(c, o))));
        } else {
            BuiltInColumns.of(resource.kind(), this).forEach(columns::add);
        }
        return columns;
    }

    /** A cell as a CRD column shows it: the first result of the JSONPath, typed as the column says. */
    Object cell(PrinterColumn column, JsonNode object) {
        JsonNode value = first(column.jsonPath(), object);
        if (value == null || value.isNull()) {
            return null;
        }
        switch (column.type()) {
            case "integer":
                return value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble())
                        ? (Object) value.asLong()
                        : null;
            case "number":
                return value.isNumber() ? value.numberValue() : null;
            case "boolean":
                return value.isBoolean() ? value.asBoolean() : null;
            case "date":
                return value.isTextual() ? age(value.asText()) : null;
            default:
                return value.isTextual() ? value.asText() : Serialization.asJson(value);
        }
    }

    /** How long ago an RFC 3339 timestamp was, as kubectl shows ages; {@code <unknown>} when there is none. */
    String age(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return HumanDuration.of(Duration.between(Instant.parse(timestamp), clock.instant()));
        } catch (DateTimeParseException e) {
            return "<invalid>";
        }
    }

    /** The first value a Kubernetes JSONPath expression (e.g. {@code .status.conditions[?(@.type=="Valid")].status}) finds. */
    static JsonNode first(String kubernetesPath, JsonNode object) {
        JsonNode results = JsonPath.using(JSON_PATH).parse(object).read(toJsonPath(kubernetesPath));
        return results != null && results.isArray() && !results.isEmpty() ? results.get(0) : null;
    }

    /**
     * A Kubernetes JSONPath (no leading {@code $}, dots in keys escaped as {@code \.}, optionally in braces) as a
     * Jayway JSONPath with every key in brackets.
     */
    static String toJsonPath(String kubernetesPath) {
        String path = kubernetesPath.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        StringBuilder out = new StringBuilder("$");
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                key.append(path.charAt(++i));
            } else if (c == '.') {
                appendKey(out, key);
            } else if (c == '[') {
                appendKey(out, key);
                int depth = 0;
                int start = i;
                for (; i < path.length(); i++) {
                    depth += path.charAt(i) == '[' ? 1 : path.charAt(i) == ']' ? -1 : 0;
                    if (depth == 0) {
                        break;
                    }
                }
                out.append(path, start, Math.min(i + 1, path.length()));
            } else {
                key.append(c);
            }
        }
        appendKey(out, key);
        return out.toString();
    }

    private static void appendKey(StringBuilder out, StringBuilder key) {
        if (key.length() > 0) {
            out.append("['").append(key.toString().replace("'", "\\'")).append("']");
            key.setLength(0);
        }
    }

    static Map<String, String> mediaParameters(String accept) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String part : accept.split(";")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parameters.put(part.substring(0, equals).trim(), part.substring(equals + 1).trim());
            }
        }
        return parameters;
    }
}

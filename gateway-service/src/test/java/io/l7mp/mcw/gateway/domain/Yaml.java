package io.l7mp.mcw.gateway.domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** YAML for tests: Kubernetes objects in, generic spec maps out, as fabric8's GenericKubernetesResource gives them. */
final class Yaml {
    /** The project's copy of the seed examples (k8s/examples), which tests read as shipped. */
    static final Path EXAMPLES = Path.of("..", "k8s", "examples");

    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES))
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Yaml() {
    }

    /** The documents of a (multi-document) YAML file. */
    static List<Map<String, Object>> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }

    static List<Map<String, Object>> documents(String text) {
        try (MappingIterator<Map<String, Object>> it = MAPPER.readerFor(new TypeReference<Map<String, Object>>() {
        }).readValues(text)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            while (it.hasNext()) {
                Map<String, Object> doc = it.next();
                if (doc != null) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec of the only object in {@code text}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(String text) {
        List<Map<String, Object>> docs = documents(text);
        return (Map<String, Object>) docs.get(0).get("spec");
    }

    /** The VirtualServices and HTTPRoutes among Kubernetes objects; others (Services, exports) are skipped. */
    @SuppressWarnings("unchecked")
    static List<L7Object> l7Objects(List<Map<String, Object>> objects) {
        List<L7Object> result = new ArrayList<>();
        for (Map<String, Object> o : objects) {
            L7Kind kind = switch (String.valueOf(o.get("kind"))) {
                case "VirtualService" -> L7Kind.VIRTUAL_SERVICE;
                case "HTTPRoute" -> L7Kind.HTTP_ROUTE;
                default -> null;
            };
            if (kind != null) {
                Map<String, Object> metadata = (Map<String, Object>) o.get("metadata");
                Object created = metadata.get("creationTimestamp");
                Object generation = metadata.get("generation");
                result.add(new L7Object(kind, (String) metadata.get("namespace"), (String) metadata.get("name"),
                        created == null ? Instant.EPOCH : Instant.parse(created.toString()),
                        (Map<String, Object>) o.get("spec"),
                        generation instanceof Number n ? Long.valueOf(n.longValue()) : null));
            }
        }
        return result;
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

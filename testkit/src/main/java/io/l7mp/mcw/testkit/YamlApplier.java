package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code kubectl apply -f} / {@code kubectl delete -f} for tests: applies multi-document YAML files (or every
 * {@code *.yaml} / {@code *.yml} of a directory, in name order) without API discovery, addressing each kind through
 * {@link KubeKinds}. All documents are checked before the first one is sent.
 */
public final class YamlApplier {

    private static final String DEFAULT_NAMESPACE = "default";
    private static final YAMLMapper YAML = new YAMLMapper();

    private YamlApplier() {
    }

    /** Creates or updates every object of {@code fileOrDirectory}; returns them as the server stored them. */
    public static List<GenericKubernetesResource> apply(KubernetesClient client, Path fileOrDirectory) {
        return applyAll(client, read(fileOrDirectory));
    }

    /** Creates or updates every object of the (multi-document) {@code yaml}. */
    public static List<GenericKubernetesResource> apply(KubernetesClient client, String yaml) {
        return applyAll(client, parse(yaml, "inline YAML"));
    }

    /** Deletes every object of {@code fileOrDirectory}, last first; returns those that existed. */
    public static List<GenericKubernetesResource> delete(KubernetesClient client, Path fileOrDirectory) {
        return deleteAll(client, read(fileOrDirectory));
    }

    /** Deletes every object of the (multi-document) {@code yaml}, last first; returns those that existed. */
    public static List<GenericKubernetesResource> delete(KubernetesClient client, String yaml) {
        return deleteAll(client, parse(yaml, "inline YAML"));
    }

    private static List<GenericKubernetesResource> applyAll(KubernetesClient client, List<Located> objects) {
        return objects.stream()
                .map(o -> resource(client, o).createOr(NonDeletingOperation::update))
                .collect(Collectors.toList());
    }

    private static List<GenericKubernetesResource> deleteAll(KubernetesClient client, List<Located> objects) {
        List<Located> lastFirst = new ArrayList<>(objects);
        Collections.reverse(lastFirst);
        List<GenericKubernetesResource> deleted = new ArrayList<>();
        for (Located object : lastFirst) {
            if (!resource(client, object).delete().isEmpty()) {
                deleted.add(object.resource());
            }
        }
        return deleted;
    }

    private static Resource<GenericKubernetesResource> resource(KubernetesClient client, Located object) {
        GenericKubernetesResource resource = object.resource();
        if (object.kind().namespaced()) {
            return client.genericKubernetesResources(object.kind().context())
                    .inNamespace(resource.getMetadata().getNamespace())
                    .resource(resource);
        }
        return client.genericKubernetesResources(object.kind().context()).resource(resource);
    }

    private static List<Located> read(Path fileOrDirectory) {
        List<Located> objects = new ArrayList<>();
        for (Path file : files(fileOrDirectory)) {
            try {
                objects.addAll(parse(Files.readString(file), file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return objects;
    }

    private static List<Path> files(Path fileOrDirectory) {
        if (!Files.isDirectory(fileOrDirectory)) {
            return List.of(fileOrDirectory);
        }
        try (Stream<Path> entries = Files.list(fileOrDirectory)) {
            return entries
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + fileOrDirectory, e);
        }
    }

    /** The objects of every non-empty document of {@code yaml}; {@code kind: List} documents are flattened. */
    static List<Located> parse(String yaml, String source) {
        List<Located> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode() || document.isEmpty()) {
                    continue;
                }
                if ("List".equals(document.path("kind").asText()) && document.path("items").isArray()) {
                    for (JsonNode item : document.get("items")) {
                        objects.add(locate(item, source, index));
                    }
                } else {
                    objects.add(locate(document, source, index));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid YAML in " + source + ": " + e.getMessage(), e);
        }
        return objects;
    }

    private static Located locate(JsonNode document, String source, int index) {
        String apiVersion = document.path("apiVersion").asText("");
        String kindName = document.path("kind").asText("");
        String name = document.path("metadata").path("name").asText("");
        if (apiVersion.isEmpty() || kindName.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("Document " + index + " of " + source
                    + " needs apiVersion, kind and metadata.name, got apiVersion='" + apiVersion + "', kind='"
                    + kindName + "', name='" + name + "'");
        }
        KubeKind kind = KubeKinds.find(apiVersion, kindName).orElseThrow(() -> new IllegalArgumentException(
                "Unknown kind " + kindName + " (apiVersion " + apiVersion + ") of '" + name + "' in document " + index
                        + " of " + source + "; YamlApplier knows " + KubeKinds.describe()));
        GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(document,
                GenericKubernetesResource.class);
        if (kind.namespaced() && isBlank(resource.getMetadata().getNamespace())) {
            resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        } else if (!kind.namespaced()) {
            resource.getMetadata().setNamespace(null);
        }
        return new Located(kind, resource);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    /** An object read from YAML, with where the API server serves its kind. */
    record Located(KubeKind kind, GenericKubernetesResource resource) {
    }
}

package io.l7mp.mcw.testkit;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;

/**
 * The stored objects of one kind (API group and plural), by namespace and name, in the order they were last written
 * (the order fabric8's store lists them in), and the kind's recent changes for watches that start from a resource
 * version. Not thread-safe: {@link IndexedCrudDispatcher} guards it.
 */
final class KindIndex {

    /** The attribute the fabric8 store keeps a custom resource's API group in (absent for the core group). */
    static final String GROUP = "api";

    private final int historyLimit;
    private final Map<String, LinkedHashMap<String, Map.Entry<AttributeSet, String>>> byNamespace = new HashMap<>();
    private final LinkedHashMap<ObjectKey, Map.Entry<AttributeSet, String>> all = new LinkedHashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    /** The resource version of the newest change no longer in {@link #history}; 0 while none was dropped. */
    private long forgottenUpTo;

    KindIndex(int historyLimit) {
        this.historyLimit = historyLimit;
    }

    /** A kind: its API group ("" for the core group) and plural, as the fabric8 store's attributes name them. */
    record Kind(String group, String plural) {

        /** The kind of a stored object or of a request; empty when the attributes name no plural. */
        static Optional<Kind> of(AttributeSet attributes) {
            String plural = value(attributes, KubernetesAttributesExtractor.PLURAL);
            return plural.isEmpty() ? Optional.empty() : Optional.of(new Kind(value(attributes, GROUP), plural));
        }
    }

    /** One change of an object: before is null for an addition, after for a deletion. */
    record Change(long resourceVersion, AttributeSet beforeAttributes, String before, AttributeSet afterAttributes,
            String after) {
    }

    private record ObjectKey(String namespace, String name) {
    }

    void put(AttributeSet attributes, String json) {
        String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
        String name = value(attributes, KubernetesAttributesExtractor.NAME);
        Map.Entry<AttributeSet, String> entry = Map.entry(attributes, json);
        LinkedHashMap<String, Map.Entry<AttributeSet, String>> names = byNamespace.computeIfAbsent(namespace,
                n -> new LinkedHashMap<>());
        // remove first so that the object moves to the end, as in fabric8's store
        names.remove(name);
        names.put(name, entry);
        ObjectKey key = new ObjectKey(namespace, name);
        all.remove(key);
        all.put(key, entry);
    }

    void remove(AttributeSet attributes) {
        String namespace = value(attributes, KubernetesAttributesExtractor.NAMESPACE);
        String name = value(attributes, KubernetesAttributesExtractor.NAME);
        LinkedHashMap<String, Map.Entry<AttributeSet, String>> names = byNamespace.get(namespace);
        if (names != null) {
            names.remove(name);
            if (names.isEmpty()) {
                byNamespace.remove(namespace);
            }
        }
        all.remove(new ObjectKey(namespace, name));
    }

    /** The objects a query can match: those of its namespace, or all of the kind when it names none. */
    Collection<Map.Entry<AttributeSet, String>> candidates(AttributeSet query) {
        if (!query.containsKey(KubernetesAttributesExtractor.NAMESPACE)) {
            return all.values();
        }
        LinkedHashMap<String, Map.Entry<AttributeSet, String>> names = byNamespace
                .get(value(query, KubernetesAttributesExtractor.NAMESPACE));
        return names == null ? List.of() : names.values();
    }

    /** The objects named {@code name} a query can match: at most one per namespace. */
    List<Map.Entry<AttributeSet, String>> named(AttributeSet query, String name) {
        if (query.containsKey(KubernetesAttributesExtractor.NAMESPACE)) {
            LinkedHashMap<String, Map.Entry<AttributeSet, String>> names = byNamespace
                    .get(value(query, KubernetesAttributesExtractor.NAMESPACE));
            Map.Entry<AttributeSet, String> entry = names == null ? null : names.get(name);
            return entry == null ? List.of() : List.of(entry);
        }
        return byNamespace.values().stream().map(names -> names.get(name)).filter(e -> e != null).toList();
    }

    int size() {
        return all.size();
    }

    void record(Change change) {
        history.addLast(change);
        if (history.size() > historyLimit) {
            forgottenUpTo = history.removeFirst().resourceVersion();
        }
    }

    /** Whether the changes after {@code resourceVersion} are all still kept. */
    boolean remembersAfter(long resourceVersion) {
        return resourceVersion >= forgottenUpTo;
    }

    /** The kept changes, oldest first. */
    Collection<Change> history() {
        return history;
    }

    /** The single value of attribute {@code key}, or "" when absent. */
    static String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        if (attribute == null || attribute.getValues().isEmpty() || attribute.getValues().get(0) == null) {
            return "";
        }
        // an object created with metadata.generateName has a name attribute whose value is null
        String value = attribute.getValues().get(0).toString();
        return value == null ? "" : value;
    }
}

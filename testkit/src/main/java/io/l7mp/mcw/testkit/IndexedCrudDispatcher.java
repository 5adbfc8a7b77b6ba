package io.l7mp.mcw.testkit;

import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD dispatcher with its store indexed by kind, namespace and name ({@link KindIndex}), so that the cost of
 * a request does not grow with the number of objects held: fabric8 matches every stored object against every get,
 * list, update, patch, delete and new watch. A get, update, patch or delete of one object is a hash lookup; a list
 * or a new watch in a namespace walks that namespace's objects of that kind; label and field selectors filter only
 * those. fabric8's handlers still do the creates, updates and patches (metadata, generation, status subresource,
 * conflicts): only the methods that search its map are replaced.
 *
 * <p>
 * Watches are served here too, closer to a real API server than fabric8's: a watch from resource version R gets the
 * changes after R that it matches (or 410 Gone when they are no longer kept) rather than every object as ADDED, and
 * a DELETED event carries the resource version of the deletion.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    /** Changes kept per kind for watches that start from a resource version. */
    static final int HISTORY_PER_KIND = 10_000;

    private static final String WATCH = "watch=true";
    private static final String CRDS = "/customresourcedefinitions";

    /** Taken before fabric8's own lock, never after it. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicLong resourceVersion = new AtomicLong();
    private final KubernetesAttributesExtractor extractor;
    private final KubernetesResponseComposer composer = new KubernetesResponseComposer();
    /** Guarded by {@link #lock}. */
    private final Map<KindIndex.Kind, KindIndex> kinds = new HashMap<>();
    private final Map<KindIndex.Kind, Set<IndexedWatch>> watches = new ConcurrentHashMap<>();
    private final LongAdder examined = new LongAdder();

    IndexedCrudDispatcher(List<CustomResourceDefinitionContext> crdContexts) {
        super(crdContexts);
        this.extractor = (KubernetesAttributesExtractor) attributeExtractor;
    }

    /** How many stored objects requests have been matched against so far: what the index is meant to keep small. */
    long objectsExamined() {
        return examined.sum();
    }

    /** How many objects are stored. */
    int objectCount() {
        return read(() -> kinds.values().stream().mapToInt(KindIndex::size).sum());
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        return write(() -> super.handleCreate(request));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        return write(() -> super.handleUpdate(request));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        return write(() -> super.handlePatch(request));
    }

    @Override
    public MockResponse handleGet(String path) {
        if (isWatch(path)) {
            return handleWatch(path);
        }
        AttributeSet query = extractor.fromPath(path);
        Optional<KindIndex.Kind> kind = KindIndex.Kind.of(query);
        if (kind.isEmpty() || ResourcePath.parse(path).isEmpty()) {
            // an API group or version document: fabric8 answers those from its CRD contexts
            return super.handleGet(path);
        }
        return read(() -> {
            List<Map.Entry<AttributeSet, String>> found = select(kind.get(), query);
            if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
                return found.isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                                .setBody(found.get(0).getValue());
            }
            List<String> items = new ArrayList<>(found.size());
            found.forEach(e -> items.add(e.getValue()));
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                    .setBody(composer.compose(items, String.valueOf(resourceVersion.get())));
        });
    }

    @Override
    public MockResponse handleDelete(String path) {
        AttributeSet query = extractor.fromPath(path);
        Optional<KindIndex.Kind> kind = KindIndex.Kind.of(query);
        if (kind.isEmpty()) {
            return super.handleDelete(path);
        }
        return write(() -> {
            List<Map.Entry<AttributeSet, String>> found = select(kind.get(), query);
            found.forEach(entry -> delete(path, query, entry));
            if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
                return found.isEmpty() ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                        : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                                .setBody(found.get(0).getValue());
            }
            List<String> items = new ArrayList<>(found.size());
            found.forEach(e -> items.add(e.getValue()));
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                    .setBody(composer.compose(items, String.valueOf(resourceVersion.get())));
        });
    }

    /** As a real API server: gone at once without finalizers, else marked for deletion until they are removed. */
    private void delete(String path, AttributeSet query, Map.Entry<AttributeSet, String> entry) {
        GenericKubernetesResource resource = Serialization.unmarshal(entry.getValue(), GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty()) {
            processEvent(path, query, entry.getKey(), null, null);
        } else if (!resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC)
                    .truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            resource.getMetadata().setResourceVersion(String.valueOf(requestResourceVersion()));
            processEvent(path, query, entry.getKey(), resource, Serialization.asJson(resource));
        }
    }

    @Override
    public MockResponse handleWatch(String path) {
        AttributeSet query = extractor.fromPath(path);
        Optional<KindIndex.Kind> kind = KindIndex.Kind.of(query);
        if (kind.isEmpty()) {
            return super.handleWatch(path);
        }
        String from = queryParameter(path, "resourceVersion").orElse("");
        return new MockResponse().withWebSocketUpgrade(new IndexedWatch(kind.get(), query, from, this));
    }

    /**
     * Sends a new watch what it starts with, then lets it see every later change: both under the read lock, so that
     * no change falls between them.
     */
    void open(IndexedWatch watch) {
        read(() -> {
            KindIndex index = kinds.get(watch.kind());
            long from = parseVersion(watch.resourceVersion());
            if (from <= 0) {
                if (index != null) {
                    for (Map.Entry<AttributeSet, String> entry : index.candidates(watch.query())) {
                        examined.increment();
                        if (watch.matches(entry.getKey())) {
                            watch.send("ADDED", entry.getValue());
                        }
                    }
                }
            } else if (index != null && !index.remembersAfter(from)) {
                watch.expire("too old resource version: " + from);
                return null;
            } else if (index != null) {
                for (KindIndex.Change change : index.history()) {
                    if (change.resourceVersion() > from) {
                        watch.deliver(change);
                    }
                }
            }
            watches.computeIfAbsent(watch.kind(), k -> ConcurrentHashMap.newKeySet()).add(watch);
            return null;
        });
    }

    void close(IndexedWatch watch) {
        Set<IndexedWatch> ofKind = watches.get(watch.kind());
        if (ofKind != null) {
            ofKind.remove(watch);
        }
    }

    @Override
    public long requestResourceVersion() {
        return resourceVersion.incrementAndGet();
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        Optional<KindIndex.Kind> kind = KindIndex.Kind.of(attributes);
        if (kind.isEmpty()) {
            return super.findResource(attributes);
        }
        List<Map.Entry<AttributeSet, String>> found = select(kind.get(), attributes);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Stores a change, records it for watches and sends it to the watches of its kind. Called by fabric8's handlers
     * (and {@link #delete}) with both locks held.
     */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String existing;
        AttributeSet newAttributes = null;
        if (path.contains(CRDS)) {
            // fabric8 learns new custom resource kinds from these: let it store them itself
            existing = oldAttributes == null ? null : map.get(oldAttributes);
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
            if (newState != null) {
                newAttributes = attributes(pathAttributes, resource, newState);
            }
        } else {
            existing = oldAttributes == null ? null : map.remove(oldAttributes);
            if (newState != null) {
                newAttributes = attributes(pathAttributes, resource, newState);
                map.put(newAttributes, newState);
            }
        }
        if (oldAttributes != null) {
            KindIndex.Kind.of(oldAttributes).map(kinds::get).ifPresent(index -> index.remove(oldAttributes));
        }
        if (newAttributes != null) {
            AttributeSet stored = newAttributes;
            KindIndex.Kind.of(stored).ifPresent(
                    k -> kinds.computeIfAbsent(k, x -> new KindIndex(HISTORY_PER_KIND)).put(stored, newState));
        }
        if (!Objects.equals(existing, newState)) {
            publish(oldAttributes, existing, newAttributes, newState);
        }
    }

    private void publish(AttributeSet before, String existing, AttributeSet after, String newState) {
        AttributeSet attributes = after != null ? after : before;
        Optional<KindIndex.Kind> kind = attributes == null ? Optional.empty() : KindIndex.Kind.of(attributes);
        if (kind.isEmpty()) {
            return;
        }
        KindIndex.Change change;
        if (newState == null) {
            // a real API server gives the deleted object the resource version of its deletion
            long version = requestResourceVersion();
            change = new KindIndex.Change(version, before, withResourceVersion(existing, version), null, null);
        } else {
            change = new KindIndex.Change(resourceVersion.get(), existing == null ? null : before, existing, after,
                    newState);
        }
        KindIndex index = kinds.computeIfAbsent(kind.get(), k -> new KindIndex(HISTORY_PER_KIND));
        index.record(change);
        Collection<IndexedWatch> ofKind = watches.get(kind.get());
        if (ofKind != null) {
            ofKind.forEach(watch -> watch.deliver(change));
        }
    }

    @Override
    public void reset() {
        write(() -> {
            super.reset();
            kinds.clear();
            return null;
        });
    }

    /** The stored objects of {@code kind} the query matches: one lookup when it names the object. */
    private List<Map.Entry<AttributeSet, String>> select(KindIndex.Kind kind, AttributeSet query) {
        KindIndex index = kinds.get(kind);
        if (index == null) {
            return List.of();
        }
        String name = KindIndex.value(query, KubernetesAttributesExtractor.NAME);
        Collection<Map.Entry<AttributeSet, String>> candidates = name.isEmpty() ? index.candidates(query)
                : index.named(query, name);
        List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
        for (Map.Entry<AttributeSet, String> entry : candidates) {
            examined.increment();
            if (entry.getKey().matches(query)) {
                found.add(entry);
            }
        }
        return found;
    }

    /** The attributes fabric8's store keys an object by, computed as it computes them. */
    private AttributeSet attributes(AttributeSet pathAttributes, GenericKubernetesResource resource, String json) {
        AttributeSet attributes = resource != null ? extractor.extract(resource) : extractor.fromResource(json);
        if (!attributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
            attributes = AttributeSet.merge(pathAttributes, attributes);
        }
        return attributes;
    }

    private static String withResourceVersion(String json, long version) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode object = Serialization.jsonMapper().readTree(json);
            if (object.path("metadata").isObject()) {
                ((ObjectNode) object.get("metadata")).put("resourceVersion", String.valueOf(version));
                return Serialization.asJson(object);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: send it as it was stored
        }
        return json;
    }

    private static boolean isWatch(String path) {
        int query = path.indexOf('?');
        return query >= 0 && path.indexOf(WATCH, query) > 0;
    }

    private static long parseVersion(String version) {
        try {
            return version.isEmpty() ? 0 : Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<String> queryParameter(String path, String name) {
        int start = path.indexOf('?');
        if (start < 0) {
            return Optional.empty();
        }
        for (String pair : path.substring(start + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    private <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }
}

package io.l7mp.mcw.eventbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonMappingException;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The objects of one kind as a service's Java type, read one by one from an informer of untyped objects: an object
 * that cannot be read into the type (a string where the type has a number, a list where it has an object; an API
 * server without the CRD's schema lets such objects through) is left out with a log line that names the object and
 * the field, and is listed by {@link #unreadable()} so that the service can say so on the object's status. Every
 * other object keeps being served: a typed informer would fail its whole list on that one object, and the service
 * would stall until the object is gone.
 */
public final class TolerantCache<T extends HasMetadata> {
    private static final Logger LOGGER = Logger.getLogger(TolerantCache.class);

    /** An object that could not be read: which, the field (e.g. {@code spec.port}) and what was wrong. */
    public record Unreadable(String kind, String namespace, String name, String resourceVersion, String field,
            String problem) {
        /** {@code WANPolicy high: spec.port: ...}. */
        public String describe() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name + ": " + field + ": " + problem;
        }
    }

    private final String service;
    private final Class<T> type;
    private final KubernetesSerialization serialization;
    private final Map<String, T> objects = new ConcurrentHashMap<>();
    private final Map<String, Unreadable> unreadable = new ConcurrentHashMap<>();

    TolerantCache(String service, Class<T> type, KubernetesSerialization serialization) {
        this.service = service;
        this.type = type;
        this.serialization = serialization;
    }

    /** Every object that could be read, in no particular order. */
    public List<T> list() {
        return List.copyOf(objects.values());
    }

    /** The object with this cache key ({@code namespace/name}, or {@code name} when cluster-scoped), or null. */
    public T get(String key) {
        return objects.get(key);
    }

    /** The objects that could not be read, sorted by key. */
    public List<Unreadable> unreadable() {
        List<Unreadable> all = new ArrayList<>(unreadable.values());
        all.sort(Comparator.comparing((Unreadable u) -> Objects.toString(u.namespace(), ""))
                .thenComparing(Unreadable::name));
        return all;
    }

    void put(GenericKubernetesResource object) {
        String key = Cache.metaNamespaceKeyFunc(object);
        try {
            T typed = serialization.convertValue(object, type);
            objects.put(key, typed);
            if (unreadable.remove(key) != null) {
                LOGGER.infof("%s: %s %s can be read again", service, object.getKind(), key);
            }
        } catch (RuntimeException e) {
            objects.remove(key);
            Unreadable why = unreadable(object, e);
            Unreadable before = unreadable.put(key, why);
            if (before == null || !Objects.equals(before.resourceVersion(), why.resourceVersion())) {
                LOGGER.warnf("%s: skipping an object that cannot be read as %s (every other object is still "
                        + "processed): %s", service, type.getSimpleName(), why.describe());
            }
        }
    }

    void remove(GenericKubernetesResource object) {
        String key = Cache.metaNamespaceKeyFunc(object);
        objects.remove(key);
        unreadable.remove(key);
    }

    private static Unreadable unreadable(GenericKubernetesResource object, RuntimeException error) {
        String field = "(the object)";
        String problem = error.getMessage();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping) {
                field = path(mapping.getPath());
                problem = mapping.getOriginalMessage();
                break;
            }
        }
        // Jackson's messages name Java types and end with a source location; the first line is what matters
        problem = problem == null ? "unreadable" : problem.lines().findFirst().orElse(problem).trim();
        return new Unreadable(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName(),
                object.getMetadata().getResourceVersion(), field, problem);
    }

    /** {@code spec.failover.policies[0]} from Jackson's reference chain. */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(the object)" : path.toString();
    }
}

package io.l7mp.mcw.imports.domain;

import java.util.Comparator;

/** A namespaced name: an imported service, or an object the import-service manages. */
public record ServiceRef(String namespace, String name) implements Comparable<ServiceRef> {
    private static final Comparator<ServiceRef> ORDER = Comparator.comparing(ServiceRef::namespace)
            .thenComparing(ServiceRef::name);

    public ServiceRef {
        if (namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "service reference '" + namespace + "/" + name + "' is incomplete, expected <namespace>/<name>");
        }
    }

    /** Parses {@code <namespace>/<name>}. */
    public static ServiceRef parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not <namespace>/<name>");
        }
        return new ServiceRef(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(ServiceRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

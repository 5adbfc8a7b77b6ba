package io.l7mp.mcw.export.domain;

import java.util.Comparator;
import java.util.Objects;

/** Namespace and name of a ServiceExport (and of the Service it is name-mapped to). */
public record ExportRef(String namespace, String name) implements Comparable<ExportRef> {
    private static final Comparator<ExportRef> ORDER = Comparator.comparing(ExportRef::namespace)
            .thenComparing(ExportRef::name);

    public ExportRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(ExportRef other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}

package io.l7mp.mcw.gateway.domain;

/** A namespaced L7 object, as messages and the admin API name it: {@code VirtualService secure/payment}. */
public record ObjectRef(L7Kind kind, String namespace, String name) implements Comparable<ObjectRef> {
    public ObjectRef {
        if (kind == null || namespace == null || name == null) {
            throw new IllegalArgumentException("ObjectRef needs kind, namespace and name");
        }
    }

    @Override
    public int compareTo(ObjectRef other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return kind.kind() + " " + namespace + "/" + name;
    }
}

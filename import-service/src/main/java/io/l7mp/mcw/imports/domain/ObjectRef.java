package io.l7mp.mcw.imports.domain;

/** An object in the cluster by kind and name; used for objects the import-service does not own. */
public record ObjectRef(Kind kind, String namespace, String name) {
    /** The kinds whose names the import-service claims. */
    public enum Kind {
        SERVICE_IMPORT("ServiceImport"),
        SERVICE("Service");

        private final String kubernetesKind;

        Kind(String kubernetesKind) {
            this.kubernetesKind = kubernetesKind;
        }

        public String kubernetesKind() {
            return kubernetesKind;
        }
    }

    @Override
    public String toString() {
        return kind.kubernetesKind() + " " + namespace + "/" + name;
    }
}

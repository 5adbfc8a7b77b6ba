package io.l7mp.mcw.imports.adapter.k8s;

import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The label that marks what the import-service created, and so may change or delete. */
public final class Ownership {
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "mcw-import-service";

    private Ownership() {
    }

    public static boolean owned(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && MANAGER.equals(labels.get(LABEL_MANAGED_BY));
    }
}

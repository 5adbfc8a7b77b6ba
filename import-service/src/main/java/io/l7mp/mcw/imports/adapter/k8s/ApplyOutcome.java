package io.l7mp.mcw.imports.adapter.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * What one apply pass did: how many objects it changed, and which operations failed, by the import they belong
 * to (whose event must then wait for the retry).
 */
public final class ApplyOutcome {
    private int changes;
    private final List<String> failures = new ArrayList<>();
    private final Set<ServiceRef> failedImports = new HashSet<>();

    void changed() {
        changes++;
    }

    void failed(ServiceRef importRef, String what) {
        failures.add(what);
        failedImports.add(importRef);
    }

    public int changes() {
        return changes;
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    public boolean failed(ServiceRef importRef) {
        return failedImports.contains(importRef);
    }

    public boolean ok() {
        return failures.isEmpty();
    }
}

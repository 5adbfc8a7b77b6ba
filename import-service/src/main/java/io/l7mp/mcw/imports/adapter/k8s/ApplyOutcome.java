package io.l7mp.mcw.imports.adapter.k8s;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * What one apply pass did: how many objects it changed, and which operations failed, by the import they belong
 * to (whose event must then wait for the retry). Thread-safe: the writes of one pass run concurrently.
 */
public final class ApplyOutcome {
    private int changes;
    private final List<String> failures = new ArrayList<>();
    private final Set<ServiceRef> failedImports = new HashSet<>();

    synchronized void changed() {
        changes++;
    }

    synchronized void failed(ServiceRef importRef, String what) {
        failures.add(what);
        failedImports.add(importRef);
    }

    public synchronized int changes() {
        return changes;
    }

    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    public synchronized boolean failed(ServiceRef importRef) {
        return failedImports.contains(importRef);
    }

    public synchronized boolean ok() {
        return failures.isEmpty();
    }
}

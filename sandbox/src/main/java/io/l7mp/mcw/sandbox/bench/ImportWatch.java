package io.l7mp.mcw.sandbox.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportStatus;

/**
 * Watches what the import-service writes in the real cluster (DESIGN D2): ServiceImports, their derived Services and
 * EndpointSlices, in the namespaces a predicate selects. Counts every create, update and delete a watch delivers, per
 * kind (each is one write that changed an object; a write that changed nothing is not seen), and records, per
 * expected ServiceImport ({@code <namespace>/<name>}), when it was first complete: listing at least the expected
 * number of exporting clusters in {@code status.clusters}, with its ports.
 */
final class ImportWatch implements AutoCloseable {

    private final Predicate<String> namespaces;
    private final Map<String, AtomicLong> writes = new ConcurrentHashMap<>();
    private final Map<String, Integer> expected = new ConcurrentHashMap<>();
    private final Map<String, Long> completeAt = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers;

    ImportWatch(KubernetesClient client, Predicate<String> namespaces) {
        this.namespaces = namespaces;
        this.informers = List.of(
                client.resources(ServiceImport.class).inAnyNamespace().inform(new Counting<>("ServiceImport",
                        this::seen)),
                client.services().inAnyNamespace().inform(new Counting<Service>("Service", s -> {
                })),
                client.discovery().v1().endpointSlices().inAnyNamespace()
                        .inform(new Counting<EndpointSlice>("EndpointSlice", s -> {
                        })));
    }

    /** Waits until every informer has listed what the API server holds. */
    void awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The informers on the real cluster did not sync within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** From now on, records when the ServiceImport {@code key} first lists {@code clusters} exporting clusters. */
    void expect(String key, int clusters) {
        expected.put(key, clusters);
    }

    /**
     * Waits until every key in {@code keys} is complete.
     *
     * @return the time (nanoTime) the last of them became complete, or -1 when the timeout passed first
     */
    long awaitComplete(Set<String> keys, long deadlineNanos) throws InterruptedException {
        synchronized (this) {
            while (!completeAt.keySet().containsAll(keys)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return keys.stream().mapToLong(completeAt::get).max().orElse(System.nanoTime());
    }

    /** How many of {@code keys} are complete now. */
    long completeCount(Set<String> keys) {
        return keys.stream().filter(completeAt::containsKey).count();
    }

    /** Creates, updates and deletes seen so far, by kind. */
    Map<String, Long> writes() {
        Map<String, Long> counts = new TreeMap<>();
        writes.forEach((kind, count) -> counts.put(kind, count.get()));
        return counts;
    }

    /** Objects of each kind in the watched namespaces now. */
    Map<String, Integer> objects() {
        Map<String, Integer> counts = new TreeMap<>();
        String[] kinds = { "ServiceImport", "Service", "EndpointSlice" };
        for (int i = 0; i < kinds.length; i++) {
            counts.put(kinds[i], (int) informers.get(i).getStore().list().stream()
                    .filter(o -> namespaces.test(((HasMetadata) o).getMetadata().getNamespace())).count());
        }
        return counts;
    }

    private void seen(ServiceImport serviceImport) {
        String key = serviceImport.getMetadata().getNamespace() + "/" + serviceImport.getMetadata().getName();
        Integer clusters = expected.get(key);
        if (clusters == null || completeAt.containsKey(key) || serviceImport.getSpec() == null
                || serviceImport.getSpec().getPorts() == null || serviceImport.getSpec().getPorts().isEmpty()) {
            return;
        }
        ServiceImportStatus status = serviceImport.getStatus();
        Set<String> listed = new HashSet<>();
        if (status != null && status.getClusters() != null) {
            status.getClusters().forEach(c -> listed.add(c.getCluster()));
        }
        if (listed.size() >= clusters) {
            completeAt.putIfAbsent(key, System.nanoTime());
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** Counts the watch events of one kind in the watched namespaces, and hands added and updated objects on. */
    private final class Counting<T extends HasMetadata> implements ResourceEventHandler<T> {
        private final AtomicLong count;
        private final Consumer<T> onObject;

        Counting(String kind, Consumer<T> onObject) {
            this.count = writes.computeIfAbsent(kind, k -> new AtomicLong());
            this.onObject = onObject;
        }

        @Override
        public void onAdd(T object) {
            if (namespaces.test(object.getMetadata().getNamespace())) {
                count.incrementAndGet();
                onObject.accept(object);
            }
        }

        @Override
        public void onUpdate(T before, T after) {
            // a resync hands the same object again: not a write
            if (namespaces.test(after.getMetadata().getNamespace())
                    && !after.getMetadata().getResourceVersion().equals(before.getMetadata().getResourceVersion())) {
                count.incrementAndGet();
                onObject.accept(after);
            }
        }

        @Override
        public void onDelete(T object, boolean deletedFinalStateUnknown) {
            if (namespaces.test(object.getMetadata().getNamespace())) {
                count.incrementAndGet();
            }
        }
    }
}

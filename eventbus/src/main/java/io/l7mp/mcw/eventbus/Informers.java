package io.l7mp.mcw.eventbus;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The informers of one service, wired the same way in every service: each add, update and delete only asks for a
 * pass of the service's {@link ReconcileLoop} (the pass reads the caches, never the events, so it is level-triggered);
 * a failing list or watch is logged and retried, never ends the informer; {@link #synced()} is true once every one has
 * listed its objects.
 */
public final class Informers implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(Informers.class);

    private final String service;
    private final Runnable trigger;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /**
     * @param service the owning service, for log lines
     * @param trigger asks for a pass; called on the informers' threads
     */
    public Informers(String service, Runnable trigger) {
        this.service = service;
        this.trigger = trigger;
    }

    /**
     * Creates an informer on {@code source} (not started yet: {@link #start()} starts them all).
     *
     * @param what the objects it informs on, e.g. {@code ServiceExports}, for log lines
     */
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> add(String what, Informable<T> source) {
        SharedIndexInformer<T> informer = source.runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            LOGGER.warnf("%s: listing or watching %s failed (retrying): %s", service, what, error.getMessage());
            return true;
        });
        informer.addEventHandler(new TriggerHandler<>(trigger));
        informers.add(informer);
        names.add(what);
        return informer;
    }

    /**
     * Like {@link #add} for a kind the service reads into {@code type}, but tolerant: the informer holds untyped objects
     * and each is read into {@code type} on its own, so that one object that cannot be read (see {@link TolerantCache})
     * is skipped and named instead of failing every list.
     */
    public synchronized <T extends HasMetadata> TolerantCache<T> addTolerant(String what, Class<T> type,
            Informable<GenericKubernetesResource> source, KubernetesSerialization serialization) {
        TolerantCache<T> cache = new TolerantCache<>(service, type, serialization);
        SharedIndexInformer<GenericKubernetesResource> informer = source.runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            LOGGER.warnf("%s: listing or watching %s failed (retrying): %s", service, what, error.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                cache.put(obj);
                trigger.run();
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                cache.put(newObj);
                trigger.run();
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                cache.remove(obj);
                trigger.run();
            }
        });
        informers.add(informer);
        names.add(what);
        return cache;
    }

    /** Starts every informer added; completes once each has listed its objects. */
    public synchronized CompletableFuture<Void> start() {
        List<CompletableFuture<Void>> synced = new ArrayList<>();
        for (int i = 0; i < informers.size(); i++) {
            SharedIndexInformer<?> informer = informers.get(i);
            String what = names.get(i);
            synced.add(informer.start().toCompletableFuture().thenRun(() -> {
                LOGGER.infof("%s: %s informer synced: %d objects", service, what, informer.getStore().list().size());
                trigger.run();
            }));
        }
        return CompletableFuture.allOf(synced.toArray(CompletableFuture[]::new));
    }

    /** True once every informer has listed its objects. */
    public synchronized boolean synced() {
        return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** The informers that have not listed their objects yet, by name; for readiness checks. */
    public synchronized List<String> unsynced() {
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < informers.size(); i++) {
            if (!informers.get(i).hasSynced()) {
                waiting.add(names.get(i));
            }
        }
        return waiting;
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
        names.clear();
    }

    /** Every add, update and delete just asks for a pass. */
    private record TriggerHandler<T>(Runnable trigger) implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            trigger.run();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            trigger.run();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            trigger.run();
        }
    }
}

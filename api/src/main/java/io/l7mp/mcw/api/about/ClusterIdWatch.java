package io.l7mp.mcw.api.about;

import java.lang.System.Logger.Level;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * Reads this cluster's id for a service ({@link ClusterIds}): an informer on the one {@code ClusterProperty} named
 * {@value ClusterProperty#CLUSTER_ID}. A cluster without the About API's CRD (404), where the service may not read it
 * (403) or whose API server refuses the request otherwise (4xx) has no such property: {@code mcw.cluster.name} is
 * used, and the property is not looked at again until the service restarts. Other failures (the API server
 * unreachable, 5xx) are retried: the service waits for the id. Every change triggers a pass of the service's loop, which asks
 * {@link #state()}.
 */
public final class ClusterIdWatch implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(ClusterIdWatch.class.getName());

    private final KubernetesClient client;
    private final String configured;
    private SharedIndexInformer<ClusterProperty> informer;
    private volatile String unreadable;
    private ClusterId inUse;

    /**
     * @param configured {@code mcw.cluster.name}
     */
    public ClusterIdWatch(KubernetesClient client, String configured) {
        this.client = client;
        this.configured = configured;
    }

    /** Starts watching; {@code trigger} runs on every change of the property and when it is known. */
    public synchronized void start(Runnable trigger) {
        informer = client.resources(ClusterProperty.class).withName(ClusterProperty.CLUSTER_ID).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            Optional<String> why = unreadable(error);
            if (why.isPresent()) {
                unreadable = why.get();
                LOGGER.log(Level.INFO, "{0}; using {1}={2}", why.get(), ClusterIds.CONFIG_KEY, configured);
                trigger.run();
                return false;
            }
            LOGGER.log(Level.WARNING, "reading ClusterProperty {0} failed (retrying): {1}", ClusterProperty.CLUSTER_ID,
                    error.getMessage());
            return true;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ClusterProperty obj) {
                trigger.run();
            }

            @Override
            public void onUpdate(ClusterProperty oldObj, ClusterProperty newObj) {
                trigger.run();
            }

            @Override
            public void onDelete(ClusterProperty obj, boolean deletedFinalStateUnknown) {
                trigger.run();
            }
        });
        informer.start().thenRun(trigger);
    }

    /**
     * Where the service stands: the id is fixed by the first call that finds one, and every later call compares the
     * property with it.
     */
    public synchronized ClusterIdState state() {
        boolean read = unreadable != null || (informer != null && informer.hasSynced());
        ClusterIdState state = ClusterIds.next(Optional.ofNullable(inUse), read, value(), configured);
        if (state instanceof ClusterIdState.InUse use) {
            inUse = use.id();
        }
        return state;
    }

    /** The id in use, once there is one. */
    public synchronized Optional<ClusterId> inUse() {
        return Optional.ofNullable(inUse);
    }

    private Optional<String> value() {
        if (unreadable != null || informer == null) {
            return Optional.empty();
        }
        return informer.getStore().list().stream()
                .filter(p -> ClusterProperty.CLUSTER_ID.equals(p.getMetadata().getName()))
                .map(p -> p.getSpec() == null ? "" : p.getSpec().getValue())
                .map(v -> v == null ? "" : v).findFirst();
    }

    /** Why the property cannot be read at all, so that {@code mcw.cluster.name} applies; empty for passing failures. */
    static Optional<String> unreadable(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof KubernetesClientException)) {
            t = t.getCause();
        }
        if (!(t instanceof KubernetesClientException e)) {
            return Optional.empty();
        }
        int code = e.getCode();
        if (code == 404) {
            return Optional.of("the About API (clusterproperties.about.k8s.io, v1alpha1) is not installed");
        }
        if (code == 403) {
            return Optional.of("may not list clusterproperties.about.k8s.io (grant get, list and watch on them)");
        }
        // any other refusal of the request itself: an optional input must not hold the service back
        if (code >= 400 && code < 500 && code != 408 && code != 429) {
            return Optional.of("listing clusterproperties.about.k8s.io is refused (HTTP " + code + ": "
                    + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }
}

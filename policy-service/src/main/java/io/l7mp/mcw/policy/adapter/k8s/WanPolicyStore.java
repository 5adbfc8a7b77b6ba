package io.l7mp.mcw.policy.adapter.k8s;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.eventbus.Informers;
import io.l7mp.mcw.eventbus.TolerantCache;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.ObservedPolicy;

/**
 * The cluster's WANPolicies, from an informer. Every add, update and delete only triggers a pass: the
 * reconciler re-reads the whole cache, because a change to one policy can change the verdict of others.
 */
@ApplicationScoped
public class WanPolicyStore implements PolicyReconciliation.PolicySource {
    @Inject
    KubernetesClient client;

    private volatile Informers informers;
    private volatile TolerantCache<WANPolicy> cache;

    /** Starts the informer; {@code onChange} runs on the informer's thread after every event and once synced. */
    public void start(Runnable onChange) {
        Informers created = new Informers("policy-service", onChange);
        // tolerant: a WANPolicy that cannot be read is refused on its own status, the others keep being processed
        cache = created.addTolerant("WANPolicies", WANPolicy.class, client.genericKubernetesResources(
                HasMetadata.getApiVersion(WANPolicy.class), HasMetadata.getKind(WANPolicy.class)),
                client.getKubernetesSerialization());
        informers = created;
        created.start();
    }

    @Override
    public boolean synced() {
        Informers i = informers;
        return i != null && i.synced();
    }

    @Override
    public List<ObservedPolicy> policies() {
        return cache.list().stream().map(WanPolicyMapper::observed).toList();
    }

    /** The cached object, or null when the policy is gone. Cluster-scoped: the cache key is the name. */
    WANPolicy cached(String name) {
        return cache.get(name);
    }

    /** The WANPolicies that cannot be read into the type, each with the field that is wrong. */
    public List<TolerantCache.Unreadable> unreadable() {
        TolerantCache<WANPolicy> c = cache;
        return c == null ? List.of() : c.unreadable();
    }

    public void stop() {
        Informers i = informers;
        if (i != null) {
            i.close();
        }
    }
}

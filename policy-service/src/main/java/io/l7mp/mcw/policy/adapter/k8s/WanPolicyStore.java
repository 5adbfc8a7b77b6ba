package io.l7mp.mcw.policy.adapter.k8s;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.eventbus.Informers;
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
    private volatile SharedIndexInformer<WANPolicy> informer;

    /** Starts the informer; {@code onChange} runs on the informer's thread after every event and once synced. */
    public void start(Runnable onChange) {
        Informers created = new Informers("policy-service", onChange);
        informer = created.add("WANPolicies", client.resources(WANPolicy.class));
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
        return informer.getStore().list().stream().map(WanPolicyMapper::observed).toList();
    }

    /** The cached object, or null when the policy is gone. Cluster-scoped: the cache key is the name. */
    WANPolicy cached(String name) {
        return informer.getStore().getByKey(name);
    }

    public void stop() {
        Informers i = informers;
        if (i != null) {
            i.close();
        }
    }
}

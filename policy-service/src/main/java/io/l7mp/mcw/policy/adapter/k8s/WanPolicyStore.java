package io.l7mp.mcw.policy.adapter.k8s;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.ObservedPolicy;

/**
 * The cluster's WANPolicies, from an informer. Every add, update and delete only triggers a pass: the
 * reconciler re-reads the whole cache, because a change to one policy can change the verdict of others.
 */
@ApplicationScoped
public class WanPolicyStore implements PolicyReconciliation.PolicySource {
    private static final Logger LOGGER = Logger.getLogger(WanPolicyStore.class);

    @Inject
    KubernetesClient client;

    private volatile SharedIndexInformer<WANPolicy> informer;

    /** Starts the informer; {@code onChange} runs on the informer's thread after every event and once synced. */
    public void start(Runnable onChange) {
        SharedIndexInformer<WANPolicy> i = client.resources(WANPolicy.class).runnableInformer(0);
        i.exceptionHandler((started, error) -> {
            LOGGER.warnf("WANPolicy informer error (retrying): %s", error.getMessage());
            return true;
        });
        i.addEventHandler(new ResourceEventHandler<WANPolicy>() {
            @Override
            public void onAdd(WANPolicy obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(WANPolicy oldObj, WANPolicy newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(WANPolicy obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        });
        informer = i;
        i.start().whenComplete((ok, error) -> {
            if (error != null) {
                LOGGER.errorf("WANPolicy informer did not start: %s", error.getMessage());
            } else {
                LOGGER.infof("WANPolicy informer synced: %d policies", i.getStore().list().size());
                onChange.run();
            }
        });
    }

    @Override
    public boolean synced() {
        SharedIndexInformer<WANPolicy> i = informer;
        return i != null && i.hasSynced();
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
        SharedIndexInformer<WANPolicy> i = informer;
        if (i != null) {
            i.close();
        }
    }
}

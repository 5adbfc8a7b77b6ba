package io.l7mp.mcw.policy.adapter.k8s;

import java.net.HttpURLConnection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.PolicyStatus;

/**
 * Writes the status subresource of a WANPolicy. Starts from the informer's copy (no extra read) and, on
 * a 409 because someone changed the object meanwhile, re-reads it and tries again a few times.
 */
@ApplicationScoped
public class WanPolicyStatusWriter implements PolicyReconciliation.StatusSink {
    private static final int ATTEMPTS = 3;

    @Inject
    KubernetesClient client;

    @Inject
    WanPolicyStore store;

    @Override
    public void write(String name, PolicyStatus status) {
        WANPolicy current = store.cached(name);
        for (int attempt = 1;; attempt++) {
            if (current == null) {
                return; // deleted meanwhile: nothing to report on
            }
            try {
                client.resources(WANPolicy.class).resource(WanPolicyMapper.withStatus(current, status)).updateStatus();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return;
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
                    throw e;
                }
                current = client.resources(WANPolicy.class).withName(name).get();
            }
        }
    }
}

package io.l7mp.mcw.policy.adapter.k8s;

import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.eventbus.TolerantCache;
import io.l7mp.mcw.policy.app.PolicyReconciliation;
import io.l7mp.mcw.policy.domain.AcceptedCondition;
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

    /**
     * Refuses a WANPolicy that cannot be read into its type ({@code Accepted=False}, reason {@code Unreadable}, the
     * field and what is wrong in the message), on the untyped object; does nothing when it already says so.
     */
    public void refuseUnreadable(TolerantCache.Unreadable unreadable) {
        var resources = client.genericKubernetesResources(HasMetadata.getApiVersion(WANPolicy.class),
                HasMetadata.getKind(WANPolicy.class));
        GenericKubernetesResource current = resources.withName(unreadable.name()).get();
        if (current == null) {
            return;
        }
        String message = "cannot be read: " + unreadable.field() + ": " + unreadable.problem();
        Object status = current.getAdditionalProperties().get("status");
        if (status instanceof Map<?, ?> map && map.get("conditions") instanceof List<?> conditions
                && conditions.stream().anyMatch(c -> c instanceof Map<?, ?> m && AcceptedCondition.TYPE.equals(
                        m.get("type")) && message.equals(m.get("message")))) {
            return;
        }
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("type", AcceptedCondition.TYPE);
        accepted.put("status", "False");
        accepted.put("reason", UNREADABLE);
        accepted.put("message", message);
        accepted.put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (current.getMetadata().getGeneration() != null) {
            accepted.put("observedGeneration", current.getMetadata().getGeneration());
        }
        current.setAdditionalProperty("status", Map.of("conditions", List.of(accepted)));
        try {
            resources.resource(current).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND && e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // gone, or changed meanwhile: the next pass looks again
        }
    }

    /** The reason of a WANPolicy that cannot be read into its type. */
    public static final String UNREADABLE = "Unreadable";

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

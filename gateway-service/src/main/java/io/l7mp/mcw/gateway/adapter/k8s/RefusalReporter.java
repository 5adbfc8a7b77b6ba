package io.l7mp.mcw.gateway.adapter.k8s;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.gateway.domain.RefusedObject;
import io.l7mp.mcw.gateway.domain.RouteTable;

/**
 * Tells the owner of a refused L7 object why: one WARN line and one Kubernetes Event (type Warning, reason
 * {@code Refused}) per object generation and reason, so a rebuild that refuses it again says nothing new.
 */
@ApplicationScoped
public class RefusalReporter {
    public static final String REASON = "Refused";
    private static final Logger LOGGER = Logger.getLogger(RefusalReporter.class);

    @Inject
    KubernetesClient client;

    @Inject
    ClusterWatch watch;

    @Inject
    ClusterConfig cluster;

    /** object -> "generation|reason" already reported. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();

    /** Called on the rebuild thread after each new table. */
    public void report(RouteTable table) {
        Set<String> current = table.refused().stream().map(r -> r.object().toString()).collect(Collectors.toSet());
        reported.keySet().retainAll(current);
        table.refused().forEach(this::reportOnce);
    }

    private void reportOnce(RefusedObject refused) {
        GenericKubernetesResource object = watch.find(refused.object()).orElse(null);
        Long generation = object == null ? null : object.getMetadata().getGeneration();
        String stamp = generation + "|" + refused.reason();
        if (stamp.equals(reported.put(refused.object().toString(), stamp))) {
            return;
        }
        LOGGER.warnf("refused object=%s generation=%s reason=%s", refused.object(), generation, refused.reason());
        if (object != null) {
            createEvent(object, refused.reason());
        }
    }

    private void createEvent(GenericKubernetesResource object, String reason) {
        var meta = object.getMetadata();
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withGenerateName(meta.getName() + ".refused.").withNamespace(meta.getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
                    .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid())
                    .withResourceVersion(meta.getResourceVersion()).endInvolvedObject()
                    .withType("Warning").withReason(REASON).withMessage(reason)
                    .withNewSource().withComponent("mcw-gateway").withHost(cluster.name()).endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
        } catch (KubernetesClientException e) {
            LOGGER.warnf("cannot record the refusal of object=%s as a Kubernetes Event: %s",
                    object.getKind() + " " + meta.getNamespace() + "/" + meta.getName(), e.getMessage());
        }
    }
}

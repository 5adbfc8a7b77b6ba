package io.l7mp.mcw.gateway.adapter.k8s;

import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.l7mp.mcw.gateway.domain.L7Kind;
import io.l7mp.mcw.gateway.domain.ObjectRef;
import io.l7mp.mcw.gateway.domain.RouteStatus;
import io.l7mp.mcw.gateway.domain.RouteTable;

/**
 * Writes the route table's {@link RouteStatus} of each HTTPRoute into its {@code status.parents}, as the one writer
 * of controller {@code mcw.l7mp.io/gateway} in the cluster: the entries of other controllers are kept, and nothing is
 * written when nothing changed (every write comes back as an informer event, which asks for another pass). Replicas
 * of the gateway compute the same status, so the first one's write leaves the others nothing to do.
 * <p>
 * Until the informer has seen a write, the object the write returned stands in for the stale cached one, so that a
 * pass in between does not write the same status again. Runs on the control loop's thread, never on an event loop.
 */
@ApplicationScoped
public class HttpRouteStatusWriter {
    private static final Logger LOGGER = Logger.getLogger(HttpRouteStatusWriter.class);
    private static final int ATTEMPTS = 3;

    /** The object a status write returned, and the cached resourceVersion it supersedes. */
    private record Written(String supersedes, GenericKubernetesResource result) {
    }

    /** What was last compared: the wanted status and the resourceVersion of the object it was compared with. */
    private record Checked(RouteStatus wanted, String resourceVersion) {
    }

    private final Map<ObjectRef, Written> written = new ConcurrentHashMap<>();
    private final Map<ObjectRef, Checked> checked = new ConcurrentHashMap<>();

    @Inject
    KubernetesClient client;

    @Inject
    ClusterWatch watch;

    @Inject
    Clock clock;

    /** Brings every HTTPRoute's status up to the table's; called after every pass of the control loop. */
    public void write(RouteTable table) {
        Set<ObjectRef> seen = new HashSet<>();
        for (GenericKubernetesResource cached : watch.httpRoutes()) {
            ObjectRef ref = new ObjectRef(L7Kind.HTTP_ROUTE, cached.getMetadata().getNamespace(),
                    cached.getMetadata().getName());
            seen.add(ref);
            RouteStatus wanted = table.routeStatuses().get(ref);
            GenericKubernetesResource current = fresher(ref, cached);
            Checked now = new Checked(wanted, current.getMetadata().getResourceVersion());
            if (now.equals(checked.get(ref))) {
                continue;
            }
            try {
                write(ref, current, wanted);
                checked.put(ref, now);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    // trying again on every pass would not help: said once, until the route or its status changes
                    checked.put(ref, now);
                    LOGGER.warnf("cannot write the status of object=%s: forbidden; the gateway's service account "
                            + "needs update on httproutes/status (group gateway.networking.k8s.io): %s", ref,
                            e.getMessage());
                } else {
                    LOGGER.warnf("cannot write the status of object=%s: %s (next pass tries again)", ref,
                            e.getMessage());
                }
            }
        }
        written.keySet().retainAll(seen);
        checked.keySet().retainAll(seen);
    }

    private void write(ObjectRef ref, GenericKubernetesResource cached, RouteStatus wanted) {
        GenericKubernetesResource current = cached;
        for (int attempt = 1;; attempt++) {
            List<Map<String, Object>> before = RouteStatusJson.parents(current.getAdditionalProperties()
                    .get("status"));
            List<Map<String, Object>> after = RouteStatusJson.merge(before, wanted, clock.instant());
            if (RouteStatusJson.same(before, after)) {
                return;
            }
            try {
                GenericKubernetesResource result = updateStatus(current, after);
                written.put(ref, new Written(cached.getMetadata().getResourceVersion(), result));
                LOGGER.debugf("wrote the status of object=%s generation=%s", ref,
                        wanted == null ? null : wanted.generation());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
                // written by someone else since the informer saw it: merge into the fresh object
                current = client.genericKubernetesResources(ClusterWatch.HTTP_ROUTE).inNamespace(ref.namespace())
                        .withName(ref.name()).get();
                if (current == null) {
                    return;
                }
            }
        }
    }

    private GenericKubernetesResource fresher(ObjectRef ref, GenericKubernetesResource cached) {
        Written w = written.get(ref);
        if (w != null && Objects.equals(w.supersedes(), cached.getMetadata().getResourceVersion())) {
            return w.result();
        }
        written.remove(ref);
        return cached;
    }

    private GenericKubernetesResource updateStatus(GenericKubernetesResource current,
            List<Map<String, Object>> parents) {
        GenericKubernetesResource update = new GenericKubernetesResource();
        update.setApiVersion(current.getApiVersion());
        update.setKind(current.getKind());
        update.setMetadata(new ObjectMetaBuilder(current.getMetadata()).build());
        Map<String, Object> properties = new LinkedHashMap<>(current.getAdditionalProperties());
        Map<String, Object> status = current.getAdditionalProperties().get("status") instanceof Map<?, ?> map
                ? copy(map)
                : new LinkedHashMap<>();
        status.put("parents", parents);
        properties.put("status", status);
        update.setAdditionalProperties(properties);
        return client.genericKubernetesResources(ClusterWatch.HTTP_ROUTE).inNamespace(current.getMetadata()
                .getNamespace()).resource(update).updateStatus();
    }

    private static Map<String, Object> copy(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}

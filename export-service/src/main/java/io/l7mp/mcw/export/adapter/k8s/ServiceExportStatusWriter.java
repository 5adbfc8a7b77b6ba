package io.l7mp.mcw.export.adapter.k8s;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceExportStatus;
import io.l7mp.mcw.export.domain.ExportCondition;

/**
 * Writes ServiceExport conditions, only when they changed: every status write comes back as an
 * informer event, and writing unchanged statuses would make the reconciler loop. Until the informer
 * has seen a write, the object it returned stands in for the stale cached one, so that a reconcile
 * in between does not write the same status again.
 */
@ApplicationScoped
public class ServiceExportStatusWriter {
    private static final int ATTEMPTS = 3;

    /** The object a status write returned, and the cached resourceVersion it supersedes. */
    private record Written(String supersedes, ServiceExport result) {
    }

    private final Map<String, Written> written = new ConcurrentHashMap<>();

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    /**
     * @param cached the object as the informer last saw it
     * @return the conditions written, or an empty list when nothing changed or the object is gone
     */
    public List<Condition> write(ServiceExport cached, List<ExportCondition> desired) {
        ServiceExport current = fresher(cached);
        for (int attempt = 1;; attempt++) {
            List<Condition> existing = conditions(current);
            List<Condition> merged = StatusConditions.merge(existing, desired, current.getMetadata().getGeneration(),
                    clock.instant());
            if (StatusConditions.unchanged(existing, merged)) {
                return List.of();
            }
            try {
                ServiceExport result = updateStatus(current, merged);
                written.put(uid(cached), new Written(cached.getMetadata().getResourceVersion(), result));
                return merged;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return List.of();
                }
                if (e.getCode() != 409 || attempt == ATTEMPTS) {
                    throw e;
                }
                // someone else wrote it since the informer saw it: merge into the fresh object
                current = client.resources(ServiceExport.class).inNamespace(current.getMetadata().getNamespace())
                        .withName(current.getMetadata().getName()).get();
                if (current == null) {
                    return List.of();
                }
            }
        }
    }

    /**
     * True when {@code desired} is what the object (as last written by this service, or cached) already says: no
     * write needed, nothing to hand to a writer thread.
     */
    public boolean unchanged(ServiceExport cached, List<ExportCondition> desired) {
        ServiceExport current = fresher(cached);
        List<Condition> existing = conditions(current);
        return StatusConditions.unchanged(existing,
                StatusConditions.merge(existing, desired, current.getMetadata().getGeneration(), clock.instant()));
    }

    /** Forgets the writes to ServiceExports that no longer exist. */
    public void retain(Collection<ServiceExport> existing) {
        Set<String> uids = existing.stream().map(ServiceExportStatusWriter::uid).collect(Collectors.toSet());
        written.keySet().retainAll(uids);
    }

    private ServiceExport fresher(ServiceExport cached) {
        Written w = written.get(uid(cached));
        if (w != null && Objects.equals(w.supersedes(), cached.getMetadata().getResourceVersion())) {
            return w.result();
        }
        written.remove(uid(cached));
        return cached;
    }

    private static String uid(ServiceExport export) {
        return export.getMetadata().getUid() != null ? export.getMetadata().getUid()
                : export.getMetadata().getNamespace() + "/" + export.getMetadata().getName();
    }

    private ServiceExport updateStatus(ServiceExport current, List<Condition> conditions) {
        ServiceExport update = new ServiceExport();
        update.setMetadata(new ObjectMetaBuilder(current.getMetadata()).build());
        ServiceExportStatus status = new ServiceExportStatus();
        status.setConditions(conditions);
        update.setStatus(status);
        return client.resources(ServiceExport.class).inNamespace(current.getMetadata().getNamespace())
                .resource(update).updateStatus();
    }

    private static List<Condition> conditions(ServiceExport export) {
        return export.getStatus() == null || export.getStatus().getConditions() == null ? List.of()
                : export.getStatus().getConditions();
    }
}

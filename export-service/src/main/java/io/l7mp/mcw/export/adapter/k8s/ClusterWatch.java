package io.l7mp.mcw.export.adapter.k8s;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.eventbus.Informers;
import io.l7mp.mcw.eventbus.TolerantCache;
import io.l7mp.mcw.export.domain.LocalEndpointSlice;
import io.l7mp.mcw.export.domain.LocalExport;
import io.l7mp.mcw.export.domain.LocalPolicy;
import io.l7mp.mcw.export.domain.LocalService;

/**
 * Informers on the objects of this cluster that decide the exports: ServiceExports, Services,
 * EndpointSlices (all namespaces) and WANPolicies (cluster-scoped). Any change calls the trigger;
 * the reconciler reads the caches, never the events, so that it is level-triggered.
 */
@ApplicationScoped
public class ClusterWatch {
    private static final Logger LOGGER = Logger.getLogger(ClusterWatch.class);

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    private Informers informers;
    /** When an export was first seen, for an API server that sets no creationTimestamp. */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private TolerantCache<ServiceExport> exports;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private TolerantCache<WANPolicy> policies;

    /** Starts the informers; each add, update and delete calls {@code trigger}. */
    public synchronized void start(Runnable trigger) {
        Informers created = new Informers("export-service", trigger);
        // tolerant: one object that cannot be read is logged and skipped, the others keep being exported
        exports = created.addTolerant("ServiceExports", ServiceExport.class, client.genericKubernetesResources(
                HasMetadata.getApiVersion(ServiceExport.class), HasMetadata.getKind(ServiceExport.class))
                .inAnyNamespace(), client.getKubernetesSerialization());
        services = created.add("Services", client.services().inAnyNamespace());
        slices = created.add("EndpointSlices", client.discovery().v1().endpointSlices().inAnyNamespace());
        policies = created.addTolerant("WANPolicies", WANPolicy.class, client.genericKubernetesResources(
                HasMetadata.getApiVersion(WANPolicy.class), HasMetadata.getKind(WANPolicy.class)),
                client.getKubernetesSerialization());
        informers = created;
        created.start();
        LOGGER.infof("watching ServiceExports, Services, EndpointSlices and WANPolicies at %s", client.getMasterUrl());
    }

    public synchronized boolean synced() {
        return informers != null && informers.synced();
    }

    /** The informers that have not synced yet. */
    public synchronized List<String> unsynced() {
        return informers == null ? List.of("every") : informers.unsynced();
    }

    public List<ServiceExport> serviceExports() {
        return exports.list();
    }

    public List<LocalExport> exports() {
        List<ServiceExport> current = serviceExports();
        firstSeen.keySet().retainAll(current.stream().map(ClusterWatch::identity).toList());
        return current.stream().map(e -> KubernetesMapper.export(e, firstSeen(e))).toList();
    }

    public List<LocalService> services() {
        return services.getStore().list().stream().map(KubernetesMapper::service).toList();
    }

    public List<LocalEndpointSlice> slices() {
        return slices.getStore().list().stream().map(KubernetesMapper::slice).flatMap(Optional::stream).toList();
    }

    public List<LocalPolicy> policies() {
        return policies.list().stream().map(KubernetesMapper::policy).toList();
    }

    public synchronized void stop() {
        if (informers != null) {
            informers.close();
        }
    }

    private Instant firstSeen(ServiceExport export) {
        return firstSeen.computeIfAbsent(identity(export), u -> clock.instant());
    }

    private static String identity(ServiceExport export) {
        return export.getMetadata().getUid() != null ? export.getMetadata().getUid()
                : KubernetesMapper.ref(export).toString();
    }
}

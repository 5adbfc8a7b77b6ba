package io.l7mp.mcw.imports.adapter.k8s;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.eventbus.Informers;
import io.l7mp.mcw.imports.domain.EgressSource;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.l7mp.mcw.imports.domain.ServiceRef;

/**
 * Informers on what the import plan depends on in this cluster: Namespaces (an import appears when its namespace
 * does), ServiceImports and Services (owned ones to diff against, foreign ones to leave alone), the EndpointSlices
 * this service owns and, when the egress is the gateway's pods, those pods (in their namespace, by their selector
 * only: the service may read no other pods). Any change triggers a reconciliation.
 */
@ApplicationScoped
public class ClusterWatch {
    private final KubernetesClient client;
    private final EgressSource egress;
    private Informers informers;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ServiceImport> imports;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private SharedIndexInformer<Pod> pods;

    @Inject
    public ClusterWatch(KubernetesClient client, ImportConfig config) {
        this.client = client;
        this.egress = config.egress();
    }

    /** Starts the informers; the future completes once every one of them has synced. */
    public synchronized CompletableFuture<Void> start(Runnable onChange) {
        Informers created = new Informers("import-service", onChange);
        namespaces = created.add("Namespaces", client.namespaces());
        imports = created.add("ServiceImports", client.resources(ServiceImport.class).inAnyNamespace());
        services = created.add("Services", client.services().inAnyNamespace());
        slices = created.add("EndpointSlices", client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(Ownership.LABEL_MANAGED_BY, Ownership.MANAGER));
        if (egress instanceof EgressSource.GatewayPods gateway) {
            pods = created.add("egress gateway Pods", client.pods().inNamespace(gateway.namespace())
                    .withLabelSelector(gateway.selector().toString()));
        }
        informers = created;
        return created.start();
    }

    public synchronized boolean hasSynced() {
        return informers != null && informers.synced();
    }

    /** The informers that have not synced yet. */
    public synchronized List<String> unsynced() {
        return informers == null ? List.of("every") : informers.unsynced();
    }

    /** The informers' caches now. */
    public ClusterSnapshot snapshot() {
        Set<String> existing = namespaces.getStore().list().stream()
                .filter(n -> n.getMetadata().getDeletionTimestamp() == null)
                .filter(n -> n.getStatus() == null || !"Terminating".equals(n.getStatus().getPhase()))
                .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        return ClusterSnapshot.of(existing, imports.getStore().list(), services.getStore().list(),
                slices.getStore().list(), pods == null ? List.of() : pods.getStore().list());
    }

    /** The resourceVersion the informer cache holds for an object of {@code kind}, empty if it holds none. */
    public Optional<String> resourceVersion(String kind, ServiceRef ref) {
        SharedIndexInformer<? extends HasMetadata> informer = switch (kind) {
            case "ServiceImport" -> imports;
            case "Service" -> services;
            case "EndpointSlice" -> slices;
            default -> throw new IllegalArgumentException("no informer for kind " + kind);
        };
        return Optional.ofNullable(informer.getStore().getByKey(ref.namespace() + "/" + ref.name()))
                .map(o -> o.getMetadata().getResourceVersion());
    }

    @PreDestroy
    synchronized void stop() {
        if (informers != null) {
            informers.close();
        }
    }
}

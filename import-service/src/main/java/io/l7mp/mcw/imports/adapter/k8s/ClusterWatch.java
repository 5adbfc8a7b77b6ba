package io.l7mp.mcw.imports.adapter.k8s;

import java.util.ArrayList;
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
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceImport;
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
        namespaces = client.namespaces().runnableInformer(0);
        imports = client.resources(ServiceImport.class).inAnyNamespace().runnableInformer(0);
        services = client.services().inAnyNamespace().runnableInformer(0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace()
                .withLabel(Ownership.LABEL_MANAGED_BY, Ownership.MANAGER).runnableInformer(0);
        List<SharedIndexInformer<? extends HasMetadata>> all = new ArrayList<>(
                List.of(namespaces, imports, services, slices));
        if (egress instanceof EgressSource.GatewayPods gateway) {
            pods = client.pods().inNamespace(gateway.namespace()).withLabelSelector(gateway.selector().toString())
                    .runnableInformer(0);
            all.add(pods);
        }
        all.forEach(i -> i.addEventHandler(trigger(onChange)));
        return CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    public boolean hasSynced() {
        return namespaces != null && namespaces.hasSynced() && imports.hasSynced() && services.hasSynced()
                && slices.hasSynced() && (pods == null || pods.hasSynced());
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

    private static <T> ResourceEventHandler<T> trigger(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                onChange.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                onChange.run();
            }
        };
    }

    @PreDestroy
    synchronized void stop() {
        for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] { namespaces, imports, services, slices, pods }) {
            if (i != null) {
                i.stop();
            }
        }
    }
}

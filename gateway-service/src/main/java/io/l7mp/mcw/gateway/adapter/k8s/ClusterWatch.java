package io.l7mp.mcw.gateway.adapter.k8s;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.eventbus.Informers;
import io.l7mp.mcw.eventbus.TolerantCache;
import io.l7mp.mcw.gateway.domain.ImportedService;
import io.l7mp.mcw.gateway.domain.L7Kind;
import io.l7mp.mcw.gateway.domain.L7Object;
import io.l7mp.mcw.gateway.domain.LocalService;
import io.l7mp.mcw.gateway.domain.ObjectRef;

/**
 * Informers on the objects of this cluster the route table depends on: ServiceImports (egress ports), Services and
 * EndpointSlices (ingress backends), VirtualServices (Istio v1beta1 and v1) and HTTPRoutes (Gateway API v1). The L7
 * kinds are read as generic resources with hand-built contexts, so no API discovery and no CRD classes are needed.
 */
@ApplicationScoped
public class ClusterWatch {
    private static final Logger LOGGER = Logger.getLogger(ClusterWatch.class);
    static final ResourceDefinitionContext VS_V1BETA1 = context("networking.istio.io", "v1beta1", "virtualservices",
            "VirtualService");
    static final ResourceDefinitionContext VS_V1 = context("networking.istio.io", "v1", "virtualservices",
            "VirtualService");
    static final ResourceDefinitionContext HTTP_ROUTE = context("gateway.networking.k8s.io", "v1", "httproutes",
            "HTTPRoute");

    @Inject
    KubernetesClient client;

    private final Clock clock = Clock.systemUTC();
    private Informers informers;
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();
    private TolerantCache<ServiceImport> imports;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;
    private final List<SharedIndexInformer<GenericKubernetesResource>> virtualServices = new ArrayList<>();
    private SharedIndexInformer<GenericKubernetesResource> httpRoutes;

    /** Starts the informers; every add, update and delete calls {@code trigger}. */
    public synchronized void start(Runnable trigger) {
        Informers created = new Informers("gateway-service", trigger);
        // tolerant: a ServiceImport that cannot be read is logged and skipped, every other import keeps its listeners
        imports = created.addTolerant("ServiceImports", ServiceImport.class, client.genericKubernetesResources(
                HasMetadata.getApiVersion(ServiceImport.class), HasMetadata.getKind(ServiceImport.class))
                .inAnyNamespace(), client.getKubernetesSerialization());
        services = created.add("Services", client.services().inAnyNamespace());
        slices = created.add("EndpointSlices", client.discovery().v1().endpointSlices().inAnyNamespace());
        virtualServices.add(created.add("VirtualServices v1beta1", generic(VS_V1BETA1)));
        virtualServices.add(created.add("VirtualServices v1", generic(VS_V1)));
        httpRoutes = created.add("HTTPRoutes", generic(HTTP_ROUTE));
        informers = created;
        created.start();
        LOGGER.infof("watching ServiceImports, Services, EndpointSlices, VirtualServices and HTTPRoutes at %s",
                client.getMasterUrl());
    }

    public synchronized boolean synced() {
        return informers != null && informers.synced();
    }

    /** The informers that have not synced yet. */
    public synchronized List<String> unsynced() {
        return informers == null ? List.of("every") : informers.unsynced();
    }

    public List<ImportedService> imports() {
        return imports.list().stream().map(KubernetesMapper::imported).toList();
    }

    public List<LocalService> services() {
        Map<String, List<EndpointSlice>> byService = slices.getStore().list().stream()
                .filter(s -> KubernetesMapper.sliceOwner(s) != null)
                .collect(Collectors.groupingBy(KubernetesMapper::sliceOwner));
        return services.getStore().list().stream().map(s -> KubernetesMapper.service(s, byService.getOrDefault(
                s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), List.of()))).toList();
    }

    /** VirtualServices (the same object may be served at both versions: counted once) and HTTPRoutes. */
    public List<L7Object> l7Objects() {
        Map<String, L7Object> result = new LinkedHashMap<>();
        virtualServices.forEach(i -> i.getStore().list().forEach(r -> result.putIfAbsent(key(L7Kind.VIRTUAL_SERVICE,
                r), KubernetesMapper.l7(L7Kind.VIRTUAL_SERVICE, r, firstSeen(L7Kind.VIRTUAL_SERVICE, r)))));
        httpRoutes.getStore().list().forEach(r -> result.put(key(L7Kind.HTTP_ROUTE, r),
                KubernetesMapper.l7(L7Kind.HTTP_ROUTE, r, firstSeen(L7Kind.HTTP_ROUTE, r))));
        firstSeen.keySet().retainAll(result.keySet());
        return List.copyOf(result.values());
    }

    /** The HTTPRoutes as the informer last saw them, for their status. */
    public List<GenericKubernetesResource> httpRoutes() {
        return httpRoutes.getStore().list();
    }

    /** The stored object behind a reference, to name it in a Kubernetes Event. */
    public Optional<GenericKubernetesResource> find(ObjectRef ref) {
        Collection<SharedIndexInformer<GenericKubernetesResource>> candidates = ref.kind() == L7Kind.HTTP_ROUTE
                ? List.of(httpRoutes)
                : virtualServices;
        return candidates.stream().map(i -> i.getStore().getByKey(ref.namespace() + "/" + ref.name()))
                .filter(Objects::nonNull).findFirst();
    }

    public synchronized void stop() {
        if (informers != null) {
            informers.close();
        }
        virtualServices.clear();
    }

    private Instant firstSeen(L7Kind kind, GenericKubernetesResource resource) {
        return firstSeen.computeIfAbsent(key(kind, resource), k -> clock.instant());
    }

    private static String key(L7Kind kind, GenericKubernetesResource resource) {
        return kind.kind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
    }

    private Informable<GenericKubernetesResource> generic(ResourceDefinitionContext context) {
        return client.genericKubernetesResources(context).inAnyNamespace();
    }

    private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }
}

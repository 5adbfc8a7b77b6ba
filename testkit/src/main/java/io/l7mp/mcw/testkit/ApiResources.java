package io.l7mp.mcw.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every resource the stand-in serves: the built-in and third-party kinds MCW uses (with the short names and
 * categories their upstream definitions have) and every served version of every committed CRD.
 */
final class ApiResources {

    private static final List<String> ALL = List.of("all");

    /** Upstream short names and categories; VirtualService and HTTPRoute have no committed CRD file. */
    private static final List<ApiResource> BUILT_IN = List.of(
            ApiResource.builtIn(new KubeKind("Namespace", "", "v1", "namespaces", false, true), List.of("ns"), List.of()),
            ApiResource.builtIn(new KubeKind("Service", "", "v1", "services", true, true), List.of("svc"), ALL),
            ApiResource.builtIn(new KubeKind("Endpoints", "", "v1", "endpoints", true, false), List.of("ep"), List.of()),
            ApiResource.builtIn(new KubeKind("ConfigMap", "", "v1", "configmaps", true, false), List.of("cm"), List.of()),
            ApiResource.builtIn(new KubeKind("Secret", "", "v1", "secrets", true, false), List.of(), List.of()),
            ApiResource.builtIn(new KubeKind("Pod", "", "v1", "pods", true, true), List.of("po"), ALL),
            ApiResource.builtIn(new KubeKind("Event", "", "v1", "events", true, false), List.of("ev"), List.of()),
            ApiResource.builtIn(new KubeKind("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true, false),
                    List.of(), List.of()),
            ApiResource.builtIn(new KubeKind("Event", "events.k8s.io", "v1", "events", true, false), List.of("ev"),
                    List.of()),
            ApiResource.builtIn(new KubeKind("Deployment", "apps", "v1", "deployments", true, true), List.of("deploy"),
                    ALL),
            ApiResource.builtIn(new KubeKind("Lease", "coordination.k8s.io", "v1", "leases", true, false), List.of(),
                    List.of()),
            ApiResource.builtIn(new KubeKind("CustomResourceDefinition", "apiextensions.k8s.io", "v1",
                    "customresourcedefinitions", false, true), List.of("crd", "crds"), List.of("api-extensions")),
            // two versions stored apart, as MCW's gateway watches each on its own
            ApiResource.builtIn(new KubeKind("VirtualService", "networking.istio.io", "v1beta1", "virtualservices",
                    true, true), List.of("vs"), List.of("istio-io", "networking-istio-io")),
            ApiResource.builtIn(new KubeKind("VirtualService", "networking.istio.io", "v1", "virtualservices", true,
                    true), List.of("vs"), List.of("istio-io", "networking-istio-io")),
            ApiResource.builtIn(new KubeKind("HTTPRoute", "gateway.networking.k8s.io", "v1", "httproutes", true, true),
                    List.of(), List.of("gateway-api")));

    private static volatile ApiResources committed;

    private final List<ApiResource> resources;

    private ApiResources(List<ApiResource> resources) {
        this.resources = List.copyOf(resources);
    }

    /** The built-in kinds plus the committed CRDs ({@link CrdCatalog#committed()}). */
    static ApiResources committed() {
        ApiResources current = committed;
        if (current == null) {
            current = of(CrdCatalog.committed());
            committed = current;
        }
        return current;
    }

    static ApiResources of(CrdCatalog catalog) {
        List<ApiResource> resources = new ArrayList<>(BUILT_IN);
        for (CrdCatalog.Crd crd : catalog.crds()) {
            String storage = crd.storageVersion().name();
            for (CrdCatalog.Version version : crd.servedVersions()) {
                KubeKind kind = new KubeKind(crd.kind(), crd.group(), version.name(), crd.plural(), crd.namespaced(),
                        version.statusSubresource());
                resources.removeIf(r -> r.kind().apiVersion().equals(kind.apiVersion())
                        && r.plural().equals(kind.plural()));
                resources.add(new ApiResource(kind, crd.singular(), crd.shortNames(), crd.categories(), storage,
                        version.schema(), version.printerColumns(), true));
            }
        }
        return new ApiResources(resources);
    }

    List<ApiResource> all() {
        return resources;
    }

    Optional<ApiResource> find(String group, String version, String plural) {
        return resources.stream()
                .filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    Optional<ApiResource> findKind(String apiVersion, String kind) {
        return resources.stream()
                .filter(r -> r.kind().apiVersion().equals(apiVersion) && r.kind().kind().equals(kind))
                .findFirst();
    }

    List<ApiResource> inGroupVersion(String group, String version) {
        return resources.stream().filter(r -> r.group().equals(group) && r.version().equals(version))
                .collect(Collectors.toList());
    }

    /** The served versions of every non-core group, in order of first appearance, and each group's preferred one. */
    Map<String, List<String>> versionsByGroup() {
        Map<String, List<String>> versions = new LinkedHashMap<>();
        for (ApiResource resource : resources) {
            if (!resource.kind().isCore()) {
                List<String> list = versions.computeIfAbsent(resource.group(), g -> new ArrayList<>());
                if (!list.contains(resource.version())) {
                    list.add(resource.version());
                }
            }
        }
        return versions;
    }

    /** The preferred version of a group: the storage version of its CRDs, else the version listed last. */
    String preferredVersion(String group) {
        List<String> versions = versionsByGroup().getOrDefault(group, List.of());
        return resources.stream().filter(r -> r.group().equals(group) && r.fromCrd())
                .map(ApiResource::storageVersion).filter(versions::contains).findFirst()
                .orElse(versions.isEmpty() ? "" : versions.get(versions.size() - 1));
    }
}

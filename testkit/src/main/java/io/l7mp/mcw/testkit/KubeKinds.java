package io.l7mp.mcw.testkit;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds MCW and its tests use, with their group, version, plural and scope: the table that replaces API
 * discovery against the API server stand-in.
 */
public final class KubeKinds {

    private static final List<KubeKind> ALL = List.of(
            new KubeKind("Namespace", "", "v1", "namespaces", false, true),
            new KubeKind("Service", "", "v1", "services", true, true),
            new KubeKind("Endpoints", "", "v1", "endpoints", true, false),
            new KubeKind("ConfigMap", "", "v1", "configmaps", true, false),
            new KubeKind("Secret", "", "v1", "secrets", true, false),
            new KubeKind("Pod", "", "v1", "pods", true, true),
            new KubeKind("Event", "", "v1", "events", true, false),
            new KubeKind("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true, false),
            new KubeKind("Event", "events.k8s.io", "v1", "events", true, false),
            new KubeKind("Deployment", "apps", "v1", "deployments", true, true),
            new KubeKind("Lease", "coordination.k8s.io", "v1", "leases", true, false),
            new KubeKind("CustomResourceDefinition", "apiextensions.k8s.io", "v1", "customresourcedefinitions", false,
                    true),
            new KubeKind("WANPolicy", "mcw.l7mp.io", "v1alpha1", "wanpolicies", false, true),
            new KubeKind("ServiceExport", "multicluster.x-k8s.io", "v1alpha1", "serviceexports", true, true),
            new KubeKind("ServiceImport", "multicluster.x-k8s.io", "v1alpha1", "serviceimports", true, true),
            new KubeKind("VirtualService", "networking.istio.io", "v1beta1", "virtualservices", true, true),
            new KubeKind("VirtualService", "networking.istio.io", "v1", "virtualservices", true, true),
            new KubeKind("HTTPRoute", "gateway.networking.k8s.io", "v1", "httproutes", true, true));

    private KubeKinds() {
    }

    public static List<KubeKind> all() {
        return ALL;
    }

    /** The kind served at {@code apiVersion} (e.g. {@code mcw.l7mp.io/v1alpha1} or {@code v1}) as {@code kind}. */
    public static Optional<KubeKind> find(String apiVersion, String kind) {
        return ALL.stream()
                .filter(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind))
                .findFirst();
    }

    /** The kinds of one group version, e.g. {@code ("", "v1")} for the core kinds. */
    static List<KubeKind> inGroupVersion(String group, String version) {
        return ALL.stream()
                .filter(k -> k.group().equals(group) && k.version().equals(version))
                .collect(Collectors.toList());
    }

    /** {@code kind (apiVersion)} for every known kind, for error messages. */
    static String describe() {
        return ALL.stream().map(k -> k.kind() + " (" + k.apiVersion() + ")").collect(Collectors.joining(", "));
    }
}

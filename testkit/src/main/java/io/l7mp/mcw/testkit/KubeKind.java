package io.l7mp.mcw.testkit;

import java.util.Objects;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Where the API server serves one kind: its group, version, plural and scope. The API server stand-in serves no
 * discovery for unknown kinds, so clients that must not rely on discovery look kinds up here.
 *
 * @param kind the kind, e.g. {@code WANPolicy}
 * @param group the API group, empty for the core group
 * @param version the API version within the group, e.g. {@code v1alpha1}
 * @param plural the resource name in URLs, e.g. {@code wanpolicies}
 * @param namespaced whether objects live in a namespace
 * @param statusSubresource whether {@code status} is only written through the {@code /status} subresource
 */
public record KubeKind(String kind, String group, String version, String plural, boolean namespaced,
        boolean statusSubresource) {

    public KubeKind {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(plural, "plural");
    }

    /** {@code group/version}, or just {@code version} for the core group. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean isCore() {
        return group.isEmpty();
    }

    /** The context the fabric8 client needs to address this kind without API discovery. */
    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(namespaced)
                .build();
    }

    CustomResourceDefinitionContext customResourceContext() {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withScope(namespaced ? "Namespaced" : "Cluster")
                .withStatusSubresource(statusSubresource)
                .build();
    }
}

package io.l7mp.mcw.testkit;

import java.util.Optional;
import java.util.Set;

/**
 * A resource URL of the Kubernetes API taken apart: {@code /api/v1/namespaces/secure/services/payment} or
 * {@code /apis/mcw.l7mp.io/v1alpha1/wanpolicies/high/status}.
 *
 * @param group empty for the core group
 * @param namespace empty for cluster-scoped resources and lists across namespaces
 * @param name empty for collections
 * @param subresource e.g. {@code status}, or empty
 */
record ResourcePath(String group, String version, String namespace, String plural, String name,
        String subresource) {

    /** Subresources of a namespace, which must not be read as a namespaced resource named like them. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    static Optional<ResourcePath> parse(String path) {
        String[] segments = DiscoveryDocuments.stripQuery(path).replaceAll("^/+|/+$", "").split("/");
        int rest;
        String group;
        if (segments.length >= 3 && segments[0].equals("api")) {
            group = "";
            rest = 2;
        } else if (segments.length >= 4 && segments[0].equals("apis")) {
            group = segments[1];
            rest = 3;
        } else {
            return Optional.empty();
        }
        String version = segments[rest - 1];
        int left = segments.length - rest;
        if (left >= 3 && segments[rest].equals("namespaces") && !NAMESPACE_SUBRESOURCES.contains(segments[rest + 2])) {
            return Optional.of(new ResourcePath(group, version, segments[rest + 1], segments[rest + 2],
                    left >= 4 ? segments[rest + 3] : "", left >= 5 ? segments[rest + 4] : ""));
        }
        return Optional.of(new ResourcePath(group, version, "", segments[rest], left >= 2 ? segments[rest + 1] : "",
                left >= 3 ? segments[rest + 2] : ""));
    }

    /** {@code path} with this path's version segment replaced by {@code version} (the query is kept). */
    static String withVersion(String path, ResourcePath parsed, String version) {
        String prefix = parsed.group().isEmpty() ? "/api/" : "/apis/" + parsed.group() + "/";
        int at = path.indexOf(prefix + parsed.version());
        return at < 0 ? path
                : path.substring(0, at) + prefix + version + path.substring(at + prefix.length() + parsed.version().length());
    }
}

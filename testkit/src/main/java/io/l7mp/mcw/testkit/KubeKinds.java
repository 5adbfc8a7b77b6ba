package io.l7mp.mcw.testkit;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds MCW and its tests use, with their group, version, plural and scope: the table that replaces API
 * discovery against the API server stand-in. The MCW custom resources come from the committed CRD files
 * ({@link CrdCatalog}), one entry per served version.
 */
public final class KubeKinds {

    private KubeKinds() {
    }

    public static List<KubeKind> all() {
        return ApiResources.committed().all().stream().map(ApiResource::kind).collect(Collectors.toList());
    }

    /** The kind served at {@code apiVersion} (e.g. {@code mcw.l7mp.io/v1alpha1} or {@code v1}) as {@code kind}. */
    public static Optional<KubeKind> find(String apiVersion, String kind) {
        return ApiResources.committed().findKind(apiVersion, kind).map(ApiResource::kind);
    }

    /** The kinds of one group version, e.g. {@code ("", "v1")} for the core kinds. */
    static List<KubeKind> inGroupVersion(String group, String version) {
        return ApiResources.committed().inGroupVersion(group, version).stream().map(ApiResource::kind)
                .collect(Collectors.toList());
    }

    /** {@code kind (apiVersion)} for every known kind, for error messages. */
    static String describe() {
        return all().stream().map(k -> k.kind() + " (" + k.apiVersion() + ")").collect(Collectors.joining(", "));
    }
}

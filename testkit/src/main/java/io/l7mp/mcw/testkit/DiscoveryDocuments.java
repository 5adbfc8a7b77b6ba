package io.l7mp.mcw.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;

/**
 * The discovery documents ({@code /api}, {@code /apis}, {@code /apis/<group>/<version>}, {@code /version}) for the
 * kinds of {@link KubeKinds}, which the CRUD mock does not serve for built-in kinds.
 */
final class DiscoveryDocuments {

    private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)/?$");
    private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)/?$");
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private DiscoveryDocuments() {
    }

    /** The document served at {@code path} (query ignored), or empty if {@code path} is not a known one. */
    static Optional<Object> at(String path) {
        String plain = stripQuery(path);
        switch (plain) {
            case "/version":
                return Optional.of(Map.of("major", "1", "minor", "33", "gitVersion", "v1.33.0-mcw-testkit",
                        "platform", "linux/amd64"));
            case "/api":
            case "/api/":
                return Optional.of(new APIVersionsBuilder().withVersions("v1").build());
            case "/api/v1":
            case "/api/v1/":
                return Optional.of(resourceList("", "v1"));
            case "/apis":
            case "/apis/":
                return Optional.of(new APIGroupListBuilder().withGroups(groups()).build());
            default:
                return groupOrVersion(plain);
        }
    }

    private static Optional<Object> groupOrVersion(String path) {
        Matcher group = GROUP.matcher(path);
        if (group.matches()) {
            return groups().stream().filter(g -> g.getName().equals(group.group(1))).findFirst().map(g -> g);
        }
        Matcher groupVersion = GROUP_VERSION.matcher(path);
        if (groupVersion.matches() && !KubeKinds.inGroupVersion(groupVersion.group(1), groupVersion.group(2)).isEmpty()) {
            return Optional.of(resourceList(groupVersion.group(1), groupVersion.group(2)));
        }
        return Optional.empty();
    }

    private static Object resourceList(String group, String version) {
        List<KubeKind> kinds = KubeKinds.inGroupVersion(group, version);
        APIResourceListBuilder list = new APIResourceListBuilder()
                .withGroupVersion(group.isEmpty() ? version : group + "/" + version);
        for (KubeKind kind : kinds) {
            list.addToResources(resource(kind, kind.plural(), VERBS));
            if (kind.statusSubresource()) {
                list.addToResources(resource(kind, kind.plural() + "/status", List.of("get", "patch", "update")));
            }
        }
        return list.build();
    }

    private static APIResource resource(KubeKind kind, String name, List<String> verbs) {
        return new APIResourceBuilder()
                .withName(name)
                .withSingularName(name.contains("/") ? "" : kind.kind().toLowerCase())
                .withNamespaced(kind.namespaced())
                .withKind(kind.kind())
                .withVerbs(verbs)
                .build();
    }

    private static List<APIGroup> groups() {
        Map<String, List<String>> versionsByGroup = new LinkedHashMap<>();
        KubeKinds.all().stream().filter(k -> !k.isCore()).forEach(k -> {
            List<String> versions = versionsByGroup.computeIfAbsent(k.group(), g -> new ArrayList<>());
            if (!versions.contains(k.version())) {
                versions.add(k.version());
            }
        });
        return versionsByGroup.entrySet().stream().map(e -> {
            List<GroupVersionForDiscovery> versions = e.getValue().stream()
                    .map(v -> new GroupVersionForDiscovery(e.getKey() + "/" + v, v))
                    .collect(Collectors.toList());
            return new APIGroupBuilder()
                    .withName(e.getKey())
                    .withVersions(versions)
                    // the version listed last in KubeKinds is the newest
                    .withPreferredVersion(versions.get(versions.size() - 1))
                    .build();
        }).collect(Collectors.toList());
    }

    static String stripQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}

package io.l7mp.mcw.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;

/**
 * The discovery documents ({@code /api}, {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>},
 * {@code /version}) for {@link ApiResources}, with the short names, singular names and categories kubectl resolves
 * {@code kubectl get svc,wanp} and {@code kubectl get all} with. The CRUD mock serves none of them for built-in kinds.
 */
final class DiscoveryDocuments {

    private static final Pattern GROUP = Pattern.compile("^/apis/([^/]+)/?$");
    private static final Pattern GROUP_VERSION = Pattern.compile("^/apis/([^/]+)/([^/]+)/?$");
    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private final ApiResources resources;

    DiscoveryDocuments(ApiResources resources) {
        this.resources = resources;
    }

    /** The document served at {@code path} (query ignored), or empty if {@code path} is not a known one. */
    Optional<Object> at(String path) {
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

    private Optional<Object> groupOrVersion(String path) {
        Matcher group = GROUP.matcher(path);
        if (group.matches()) {
            return groups().stream().filter(g -> g.getName().equals(group.group(1))).findFirst().map(g -> g);
        }
        Matcher groupVersion = GROUP_VERSION.matcher(path);
        if (groupVersion.matches() && !resources.inGroupVersion(groupVersion.group(1), groupVersion.group(2)).isEmpty()) {
            return Optional.of(resourceList(groupVersion.group(1), groupVersion.group(2)));
        }
        return Optional.empty();
    }

    private Object resourceList(String group, String version) {
        APIResourceListBuilder list = new APIResourceListBuilder()
                .withGroupVersion(group.isEmpty() ? version : group + "/" + version);
        for (ApiResource resource : resources.inGroupVersion(group, version)) {
            KubeKind kind = resource.kind();
            list.addToResources(new APIResourceBuilder()
                    .withName(kind.plural())
                    .withSingularName(resource.singular())
                    .withNamespaced(kind.namespaced())
                    .withKind(kind.kind())
                    .withVerbs(VERBS)
                    .withShortNames(resource.shortNames().isEmpty() ? null : resource.shortNames())
                    .withCategories(resource.categories().isEmpty() ? null : resource.categories())
                    .build());
            if (kind.statusSubresource()) {
                list.addToResources(new APIResourceBuilder()
                        .withName(kind.plural() + "/status")
                        .withSingularName("")
                        .withNamespaced(kind.namespaced())
                        .withKind(kind.kind())
                        .withVerbs("get", "patch", "update")
                        .build());
            }
        }
        return list.build();
    }

    private List<APIGroup> groups() {
        List<APIGroup> groups = new ArrayList<>();
        resources.versionsByGroup().forEach((group, versions) -> {
            String preferred = resources.preferredVersion(group);
            // a real API server lists the preferred version first
            List<GroupVersionForDiscovery> served = versions.stream()
                    .sorted((a, b) -> Boolean.compare(b.equals(preferred), a.equals(preferred)))
                    .map(v -> new GroupVersionForDiscovery(group + "/" + v, v))
                    .collect(Collectors.toList());
            groups.add(new APIGroupBuilder()
                    .withName(group)
                    .withVersions(served)
                    .withPreferredVersion(new GroupVersionForDiscovery(group + "/" + preferred, preferred))
                    .build());
        });
        return groups;
    }

    static String stripQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}

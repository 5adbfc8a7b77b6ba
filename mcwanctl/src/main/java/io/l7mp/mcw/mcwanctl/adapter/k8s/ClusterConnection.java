package io.l7mp.mcw.mcwanctl.adapter.k8s;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.mcwanctl.CliException;
import io.l7mp.mcw.mcwanctl.domain.ServiceRef;

/**
 * The Kubernetes API of one kubeconfig context: the few reads and writes mcwanctl makes, every failure turned into a
 * {@link CliException} that names the context and says what to check. Custom resources are handled as generic
 * objects, so one object with a field of the wrong type does not break a listing, and their version is the one the
 * server's discovery prefers ({@link #mcsVersion()}).
 */
public final class ClusterConnection implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    private static final int REQUEST_TIMEOUT_MILLIS = 10_000;

    private final String context;
    private final KubernetesClient client;
    private String mcsVersion;

    private ClusterConnection(String context, KubernetesClient client) {
        this.context = context;
        this.client = client;
    }

    /** Connects lazily: nothing is sent before the first call. */
    public static ClusterConnection open(Kubeconfig kubeconfig, String context) {
        Config fromFile;
        try {
            fromFile = Config.fromKubeconfig(context, kubeconfig.path().toFile());
        } catch (RuntimeException e) {
            throw new CliException("cannot use context '" + context + "' of " + kubeconfig.path() + ": " + e.getMessage(),
                    e);
        }
        // a command line tool answers at once: no retries with backoff on a cluster that is down
        Config config = new ConfigBuilder(fromFile)
                .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                .withRequestTimeout(REQUEST_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .withHttp2Disable(true)
                .build();
        return new ClusterConnection(context, new KubernetesClientBuilder().withConfig(config).build());
    }

    public String context() {
        return context;
    }

    public String server() {
        return String.valueOf(client.getMasterUrl()).replaceAll("/$", "");
    }

    /**
     * The version of {@code multicluster.x-k8s.io} to read and write: the one the server's discovery prefers, or
     * {@link Mcs#VERSION} (the storage version of the committed CRD) when the server does not say.
     */
    public String mcsVersion() {
        if (mcsVersion == null) {
            mcsVersion = preferredVersion(Mcs.GROUP).orElse(Mcs.VERSION);
        }
        return mcsVersion;
    }

    private Optional<String> preferredVersion(String group) {
        APIGroup apiGroup;
        try {
            apiGroup = client.getApiGroup(group);
        } catch (KubernetesClientException e) {
            if (isUnreachable(e)) {
                throw failure("discover the API groups", e);
            }
            return Optional.empty();
        }
        if (apiGroup == null || apiGroup.getPreferredVersion() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(apiGroup.getPreferredVersion().getVersion());
    }

    public ResourceDefinitionContext serviceExports() {
        return definition(Mcs.GROUP, mcsVersion(), "ServiceExport", "serviceexports", true);
    }

    public ResourceDefinitionContext serviceImports() {
        return definition(Mcs.GROUP, mcsVersion(), "ServiceImport", "serviceimports", true);
    }

    public static ResourceDefinitionContext wanPolicies() {
        return definition(WANPolicy.GROUP, WANPolicy.VERSION, "WANPolicy", "wanpolicies", false);
    }

    private static ResourceDefinitionContext definition(String group, String version, String kind, String plural,
            boolean namespaced) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    public boolean namespaceExists(String namespace) {
        return call("read namespace " + namespace, () -> client.namespaces().withName(namespace).get() != null);
    }

    public Optional<Service> service(ServiceRef ref) {
        return call("read Service " + ref.qualified(),
                () -> Optional.ofNullable(client.services().inNamespace(ref.namespace()).withName(ref.name()).get()));
    }

    public List<String> serviceNames(String namespace) {
        return call("list Services in " + namespace,
                () -> names(client.services().inNamespace(namespace).list().getItems()));
    }

    public List<GenericKubernetesResource> wanPolicyObjects() {
        return call("list WANPolicies", () -> client.genericKubernetesResources(wanPolicies()).list().getItems());
    }

    public Optional<GenericKubernetesResource> get(ResourceDefinitionContext kind, ServiceRef ref) {
        return call("read " + kind.getKind() + " " + ref.qualified(), () -> Optional.ofNullable(
                client.genericKubernetesResources(kind).inNamespace(ref.namespace()).withName(ref.name()).get()));
    }

    public List<String> names(ResourceDefinitionContext kind, String namespace) {
        return call("list " + kind.getPlural() + " in " + namespace,
                () -> names(client.genericKubernetesResources(kind).inNamespace(namespace).list().getItems()));
    }

    public GenericKubernetesResource create(ResourceDefinitionContext kind, GenericKubernetesResource object) {
        return call("create " + kind.getKind() + " " + object.getMetadata().getNamespace() + "/"
                + object.getMetadata().getName(),
                () -> client.genericKubernetesResources(kind)
                        .inNamespace(object.getMetadata().getNamespace()).resource(object).create());
    }

    /** A JSON merge patch (RFC 7386), e.g. {@code {"metadata":{"annotations":{...}}}}. */
    public GenericKubernetesResource mergePatch(ResourceDefinitionContext kind, ServiceRef ref, Map<String, Object> patch) {
        String json = client.getKubernetesSerialization().asJson(patch);
        return call("patch " + kind.getKind() + " " + ref.qualified(), () -> client.genericKubernetesResources(kind)
                .inNamespace(ref.namespace()).withName(ref.name()).patch(PatchContext.of(PatchType.JSON_MERGE), json));
    }

    public boolean delete(ResourceDefinitionContext kind, ServiceRef ref) {
        return call("delete " + kind.getKind() + " " + ref.qualified(), () -> !client.genericKubernetesResources(kind)
                .inNamespace(ref.namespace()).withName(ref.name()).delete().isEmpty());
    }

    /** A generic object as one of the api module's classes; empty when it does not fit (a field of the wrong type). */
    public <T> Optional<T> convert(GenericKubernetesResource object, Class<T> type) {
        try {
            return Optional.of(client.getKubernetesSerialization().convertValue(object, type));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw failure(what, e);
        }
    }

    private CliException failure(String what, KubernetesClientException e) {
        if (isUnreachable(e)) {
            return new CliException("cannot reach the API server of context '" + context + "' at " + server() + " ("
                    + connectFailure(e) + "): is the cluster up? `kubectl --context " + context
                    + " cluster-info` checks the same", e);
        }
        int code = e.getCode();
        if (code == 401 || code == 403) {
            return new CliException("the API server of context '" + context + "' refused to " + what + " (" + code
                    + "): check the credentials of the context and its RBAC (docs/mcwanctl.md lists what mcwanctl needs)",
                    e);
        }
        if (code == 404 && e.getStatus() != null && "NotFound".equals(e.getStatus().getReason())
                && e.getStatus().getDetails() == null) {
            return new CliException("context '" + context + "' serves no such API to " + what
                    + ": are MCW's CRDs installed? (kubectl --context " + context + " apply -k k8s/crds)", e);
        }
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : rootMessage(e);
        return new CliException("context '" + context + "': cannot " + what + ": " + message, e);
    }

    private static boolean isUnreachable(KubernetesClientException e) {
        // no HTTP answer at all: fabric8 reports code -1 (or 0) with the I/O failure as the cause
        if (e.getCode() > 0) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The most telling message of an I/O failure: the first cause that has one, e.g. "Connection refused". */
    private static String connectFailure(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            if (t instanceof java.net.ConnectException) {
                return "cannot connect";
            }
        }
        return rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        client.close();
    }
}

package io.l7mp.mcw.mcwanctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.KubeKinds;
import io.l7mp.mcw.testkit.YamlApplier;

/**
 * Two API server stand-ins (cluster-1, cluster-2) from testkit, a kubeconfig with a context for each, and a third
 * context whose server is not there ({@code gone}), as a fleet with one cluster down would look.
 */
public final class TestClusters implements AutoCloseable {

    public static final String WAN_POLICIES = """
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata:
              name: sd-wan-priority-high
            spec:
              tunnel: business
              port: 31111
              sla: {jitter-ms: 50, latency-ms: 100, loss-percent: 1}
            ---
            apiVersion: mcw.l7mp.io/v1alpha1
            kind: WANPolicy
            metadata:
              name: sd-wan-priority-low
            spec:
              tunnel: internet
              port: 31112
              sla: {jitter-ms: 100, latency-ms: 300, loss-percent: 5}
            """;
    public static final String PAYMENT = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: secure
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: payment
              namespace: secure
            spec:
              selector: {app: payment}
              ports:
              - {name: http, protocol: TCP, port: 8080}
              - {name: grpc, protocol: TCP, port: 9090}
            """;

    private final List<ApiServer> servers = new ArrayList<>();
    private final Map<String, KubernetesClient> clients;
    private final Path kubeconfig;
    private final Path goneKubeconfig;

    public TestClusters(Path dir) {
        servers.add(ApiServer.start("cluster-1"));
        servers.add(ApiServer.start("cluster-2"));
        clients = Map.of("cluster-1", servers.get(0).client(), "cluster-2", servers.get(1).client());
        kubeconfig = ApiServer.writeKubeconfig(dir.resolve("kubeconfig"), servers);
        // the same, plus a context whose API server stopped: status must say so and go on
        ApiServer gone = ApiServer.start("gone");
        List<ApiServer> withGone = new ArrayList<>(servers);
        withGone.add(gone);
        goneKubeconfig = ApiServer.writeKubeconfig(dir.resolve("with-gone").resolve("kubeconfig"), withGone);
        gone.close();
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A kubeconfig with cluster-1, cluster-2 and {@code gone}, whose API server is not running. */
    public Path kubeconfigWithUnreachableContext() {
        return goneKubeconfig;
    }

    public KubernetesClient client(String cluster) {
        return clients.get(cluster);
    }

    public void apply(String cluster, String yaml) {
        YamlApplier.apply(client(cluster), yaml);
    }

    /** The seed's WAN policies in every cluster, the payment Service (namespace secure) in cluster-1. */
    public void seed() {
        apply("cluster-1", WAN_POLICIES);
        apply("cluster-2", WAN_POLICIES);
        apply("cluster-1", PAYMENT);
    }

    /** Where the stand-in serves a kind: its last listed version, which its discovery prefers (as mcwanctl reads). */
    public static ResourceDefinitionContext kind(String kind) {
        return KubeKinds.all().stream().filter(k -> k.kind().equals(kind)).reduce((first, last) -> last)
                .orElseThrow().context();
    }

    public GenericKubernetesResource get(String cluster, String kind, String namespace, String name) {
        var objects = client(cluster).genericKubernetesResources(kind(kind));
        return (namespace == null ? objects : objects.inNamespace(namespace)).withName(name).get();
    }

    /** Writes {@code status} of an existing object, as the services would. */
    public void writeStatus(String cluster, String kind, String namespace, String name, Map<String, Object> status) {
        GenericKubernetesResource object = get(cluster, kind, namespace, name);
        object.setAdditionalProperty("status", status);
        var objects = client(cluster).genericKubernetesResources(kind(kind));
        (namespace == null ? objects : objects.inNamespace(namespace)).resource(object).updateStatus();
    }

    @Override
    public void close() {
        clients.values().forEach(KubernetesClient::close);
        servers.forEach(ApiServer::close);
    }
}

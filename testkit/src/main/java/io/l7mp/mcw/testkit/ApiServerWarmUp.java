package io.l7mp.mcw.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * Serves every kind of request a few hundred times before a stand-in takes its first real one, on objects of a
 * scratch namespace that it deletes again: a real API server has run for days, and a stand-in started with the sandbox
 * would otherwise put its own cold JVM (class loading, first compilation of its store and JSON paths) into the first
 * exports' latency. Watches set up afterwards see nothing of it: the objects are gone, and a watch from a later
 * resourceVersion does not replay them.
 */
final class ApiServerWarmUp {
    static final String NAMESPACE = "mcw-testkit-warm-up";

    private ApiServerWarmUp() {
    }

    /** Takes the paths {@code rounds} times through the HTTP front of {@code server}. */
    static void run(ApiServer server, int rounds) {
        try (KubernetesClient client = server.client()) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .create();
            CountDownLatch events = new CountDownLatch(rounds * 3);
            try (Watch watch = client.services().inNamespace(NAMESPACE).watch(new Counting<>(events))) {
                for (int i = 0; i < rounds; i++) {
                    round(client, "warm-up-" + i);
                }
                events.await(10, TimeUnit.SECONDS);
            }
            client.namespaces().withName(NAMESPACE).delete();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.resetRequestStats();
    }

    private static void round(KubernetesClient client, String name) {
        Map<String, String> labels = Map.of("app", name);
        var service = client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .withLabels(labels).endMetadata().withNewSpec().withSelector(labels).addNewPort().withName("http")
                .withPort(8080).endPort().endSpec().build()).create();
        client.services().inNamespace(NAMESPACE).withName(name).get();
        client.services().inNamespace(NAMESPACE).withLabels(labels).list();
        service.getMetadata().setAnnotations(Map.of("warm", "up"));
        client.resource(service).update();
        client.services().inNamespace(NAMESPACE).withName(name).edit(s -> {
            s.getMetadata().getLabels().put("edited", "true");
            return s;
        });
        HasMetadata slice = client.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace(NAMESPACE)
                .withName(name).withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("127.0.0.1").endEndpoint().addNewPort()
                .withName("http").withPort(8080).endPort().build()).create();
        var map = client.resource(new ConfigMapBuilder().withNewMetadata().withNamespace(NAMESPACE).withName(name)
                .endMetadata().withData(Map.of("k", "v")).build()).create();
        map.setData(Map.of("k", "w"));
        client.resource(map).update();
        GenericKubernetesResource serviceImport = new GenericKubernetesResourceBuilder()
                .withApiVersion("multicluster.x-k8s.io/v1beta1").withKind("ServiceImport").withNewMetadata()
                .withNamespace(NAMESPACE).withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("type", "ClusterSetIP", "ports",
                        List.of(Map.of("name", "http", "protocol", "TCP", "port", 8080)))))
                .build();
        GenericKubernetesResource created = client.resource(serviceImport).create();
        created.setAdditionalProperty("status", Map.of("clusters", List.of(Map.of("cluster", "warm-up"))));
        client.resource(created).updateStatus();
        for (HasMetadata object : List.of(slice, map, created)) {
            client.resource(object).delete();
        }
        client.services().inNamespace(NAMESPACE).withName(name).delete();
    }

    /** Counts the events of a watch down. */
    private record Counting<T>(CountDownLatch events) implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            events.countDown();
        }

        @Override
        public void onClose(WatcherException cause) {
            // the warm-up closes it
        }
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The stand-in's cost per request does not grow with the objects it holds: with 50,000 objects of other namespaces
 * and kinds stored, a request about a namespace of three ConfigMaps examines those three at most. Counted objects,
 * not time: the count is what makes the time independent of the fleet's size.
 */
class ApiServerIndexTest {

    private static final int BULK_NAMESPACES = 100;
    private static final int CONFIG_MAPS_PER_NAMESPACE = 400;
    private static final int SECRETS_PER_NAMESPACE = 100;
    private static final int BULK = BULK_NAMESPACES * (CONFIG_MAPS_PER_NAMESPACE + SECRETS_PER_NAMESPACE);
    private static final String SMALL = "small";

    private static ApiServer server;
    private KubernetesClient client;

    @BeforeAll
    static void fill() {
        server = ApiServer.start("cluster-1");
        for (int n = 0; n < BULK_NAMESPACES; n++) {
            String namespace = "bulk-" + n;
            for (int i = 0; i < CONFIG_MAPS_PER_NAMESPACE; i++) {
                store("/api/v1/namespaces/" + namespace + "/configmaps", configMap(namespace, "cm-" + i, "blue"));
            }
            for (int i = 0; i < SECRETS_PER_NAMESPACE; i++) {
                store("/api/v1/namespaces/" + namespace + "/secrets", Map.of("apiVersion", "v1", "kind", "Secret",
                        "metadata", Map.of("name", "secret-" + i, "namespace", namespace)));
            }
        }
        // another kind in the small namespace
        store("/api/v1/namespaces/" + SMALL + "/secrets", Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", "token", "namespace", SMALL)));
        for (String name : List.of("a", "b", "c")) {
            store("/api/v1/namespaces/" + SMALL + "/configmaps", configMap(SMALL, name, name.equals("a") ? "red"
                    : "blue"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        client = server.client();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void theStoreHoldsTheBulkAndTheSmallNamespace() {
        assertThat(server.requestStats().objects()).isGreaterThanOrEqualTo(BULK + 4L);
    }

    @Test
    void aGetExaminesOneObject() {
        // When
        long examined = examinedBy(() -> assertThat(client.configMaps().inNamespace(SMALL).withName("b").get())
                .isNotNull());

        // Then
        assertThat(examined).isEqualTo(1);
    }

    @Test
    void aListExaminesOnlyItsNamespacesObjectsOfItsKind() {
        // When
        long examined = examinedBy(() -> assertThat(client.configMaps().inNamespace(SMALL).list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("a", "b", "c"));

        // Then
        assertThat(examined).isEqualTo(3);
    }

    @Test
    void aLabelSelectorFiltersOnlyTheNamespacesObjects() {
        // When
        long examined = examinedBy(() -> assertThat(client.configMaps().inNamespace(SMALL).withLabel("colour", "red")
                .list().getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("a"));

        // Then
        assertThat(examined).isEqualTo(3);
    }

    @Test
    void writesOfOneObjectAreLookups() {
        // When
        long examined = examinedBy(() -> {
            client.configMaps().inNamespace(SMALL).resource(configMapObject(SMALL, "d", "green")).create();
            client.configMaps().inNamespace(SMALL).withName("d").edit(c -> new ConfigMapBuilder(c).addToData("k", "v")
                    .build());
            client.configMaps().inNamespace(SMALL).withName("d").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"data\":{\"k\":\"w\"}}");
            client.configMaps().inNamespace(SMALL).withName("d").delete();
        });

        // Then: the six reads and writes behind these four calls each looked at the object itself, nothing else
        assertThat(examined).isLessThanOrEqualTo(6);
    }

    @Test
    void aWatchOfTheNamespaceStartsWithItsObjectsOnly() {
        // Given
        List<String> added = new CopyOnWriteArrayList<>();
        long before = server.store().objectsExamined();

        // When
        try (Watch watch = client.configMaps().inNamespace(SMALL).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                added.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            await().atMost(Duration.ofSeconds(10)).until(() -> added.size() >= 3);
        }

        // Then
        assertThat(added).containsExactly("ADDED a", "ADDED b", "ADDED c");
        assertThat(server.store().objectsExamined() - before).isEqualTo(3);
    }

    private static long examinedBy(Runnable requests) {
        long before = server.store().objectsExamined();
        requests.run();
        return server.store().objectsExamined() - before;
    }

    private static Map<String, Object> configMap(String namespace, String name, String colour) {
        return Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", name, "namespace",
                namespace, "labels", Map.of("colour", colour)), "data", Map.of("name", name));
    }

    private static ConfigMap configMapObject(String namespace, String name, String colour) {
        return Serialization.jsonMapper().convertValue(configMap(namespace, name, colour), ConfigMap.class);
    }

    /** Stores an object as a POST would, without the HTTP round trip: 50,000 of those would take minutes. */
    private static void store(String collection, Map<String, Object> object) {
        RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.POST, collection,
                Headers.builder().add("Content-Type", "application/json").build(),
                new Buffer(Serialization.asJson(object).getBytes(StandardCharsets.UTF_8)));
        int code = server.store().handleCreate(request).code();
        if (code != 201) {
            throw new IllegalStateException("Cannot store " + object + ": " + code);
        }
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The API semantics the indexed store keeps, through a real client: resource versions, lists, watches from a
 * resource version, label selectors, merge patches, conflicts and the errors a real API server answers.
 */
class ApiServerWatchTest {

    private static ApiServer server;
    private KubernetesClient client;

    @BeforeAll
    static void start() {
        server = ApiServer.start("cluster-1");
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
    void resourceVersionsIncreaseAcrossKindsAndAListCarriesTheLatest() {
        // When
        ConfigMap first = client.configMaps().inNamespace("rv").resource(configMap("first", "blue")).create();
        String secretVersion = client.secrets().inNamespace("rv").resource(new SecretBuilder()
                .withNewMetadata().withName("s").endMetadata().build()).create().getMetadata().getResourceVersion();
        ConfigMap second = client.configMaps().inNamespace("rv").resource(configMap("second", "blue")).create();
        ConfigMapList list = client.configMaps().inNamespace("rv").list();

        // Then
        long firstVersion = Long.parseLong(first.getMetadata().getResourceVersion());
        assertThat(Long.parseLong(secretVersion)).isGreaterThan(firstVersion);
        assertThat(Long.parseLong(second.getMetadata().getResourceVersion())).isGreaterThan(Long.parseLong(secretVersion));
        assertThat(Long.parseLong(list.getMetadata().getResourceVersion()))
                .isGreaterThanOrEqualTo(Long.parseLong(second.getMetadata().getResourceVersion()));
        assertThat(list.getItems()).extracting(c -> c.getMetadata().getName()).containsExactly("first", "second");
    }

    @Test
    void anObjectCreatedWithGenerateNameGetsANameOfItsOwnBesideExistingOnes() {
        // Given: an object of the kind in the namespace already (an Event, as the gateway writes them)
        client.configMaps().inNamespace("generated").resource(configMap("existing", "blue")).create();

        // When: two objects are created with only metadata.generateName
        ConfigMap template = new ConfigMapBuilder().withNewMetadata().withGenerateName("route-").endMetadata()
                .withData(Map.of("color", "green")).build();
        ConfigMap one = client.configMaps().inNamespace("generated").resource(template).create();
        ConfigMap two = client.configMaps().inNamespace("generated").resource(template).create();

        // Then: each gets a generated name, and all three are stored
        assertThat(one.getMetadata().getName()).startsWith("route-");
        assertThat(two.getMetadata().getName()).startsWith("route-").isNotEqualTo(one.getMetadata().getName());
        assertThat(client.configMaps().inNamespace("generated").list().getItems()).hasSize(3);
    }

    @Test
    void aWatchFromAResourceVersionGetsOnlyTheLaterChanges() {
        // Given
        client.configMaps().inNamespace("from").resource(configMap("old", "blue")).create();
        client.configMaps().inNamespace("from").resource(configMap("changed", "blue")).create();
        String listed = client.configMaps().inNamespace("from").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("from").resource(configMap("new", "blue")).create();
        client.configMaps().inNamespace("from").withName("changed")
                .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build());
        client.configMaps().inNamespace("from").withName("old").delete();
        client.configMaps().inNamespace("elsewhere").resource(configMap("other", "blue")).create();
        List<String> events = new CopyOnWriteArrayList<>();

        // When
        try (Watch watch = client.configMaps().inNamespace("from")
                .watch(new ListOptionsBuilder().withResourceVersion(listed).build(), recorder(events))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
            client.configMaps().inNamespace("from").resource(configMap("live", "blue")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 4);
        }

        // Then
        assertThat(events).containsExactly("ADDED new", "MODIFIED changed", "DELETED old", "ADDED live");
    }

    @Test
    void aDeletedEventCarriesTheResourceVersionOfTheDeletion() {
        // Given
        ConfigMap created = client.configMaps().inNamespace("gone").resource(configMap("x", "blue")).create();
        List<ConfigMap> deleted = new CopyOnWriteArrayList<>();
        try (Watch watch = client.configMaps().inNamespace("gone").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                if (action == Action.DELETED) {
                    deleted.add(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            // When
            client.configMaps().inNamespace("gone").withName("x").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> !deleted.isEmpty());
        }

        // Then
        assertThat(Long.parseLong(deleted.get(0).getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void aWatchWithALabelSelectorSeesObjectsEnterAndLeaveIt() {
        // Given
        client.configMaps().inNamespace("labels").resource(configMap("red-from-start", "red")).create();
        client.configMaps().inNamespace("labels").resource(configMap("blue", "blue")).create();
        List<String> events = new CopyOnWriteArrayList<>();

        // When
        try (Watch watch = client.configMaps().inNamespace("labels").withLabel("colour", "red")
                .watch(recorder(events))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 1);
            client.configMaps().inNamespace("labels").withName("blue").edit(c -> new ConfigMapBuilder(c).editMetadata()
                    .addToLabels("colour", "red").endMetadata().build());
            client.configMaps().inNamespace("labels").withName("red-from-start").edit(c -> new ConfigMapBuilder(c)
                    .editMetadata().addToLabels("colour", "green").endMetadata().build());
            await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
        }

        // Then
        assertThat(events).containsExactly("ADDED red-from-start", "ADDED blue", "DELETED red-from-start");
        assertThat(client.configMaps().inNamespace("labels").withLabel("colour", "red").list().getItems())
                .extracting(c -> c.getMetadata().getName()).containsExactly("blue");
    }

    @Test
    void aWatchOfAllNamespacesSeesEachOfThem() {
        // Given
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch watch = client.configMaps().inAnyNamespace().withLabel("colour", "violet").watch(recorder(events))) {
            // When
            client.configMaps().inNamespace("everywhere-1").resource(configMap("one", "violet")).create();
            client.configMaps().inNamespace("everywhere-2").resource(configMap("two", "violet")).create();

            // Then
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(events).containsExactly("ADDED one", "ADDED two"));
        }
    }

    @Test
    void aMergePatchReplacesListsAndRemovesNulls() {
        // Given
        client.configMaps().inNamespace("patch").resource(new ConfigMapBuilder(configMap("p", "blue"))
                .addToData("drop", "me").addToData("keep", "me").build()).create();

        // When
        ConfigMap patched = client.configMaps().inNamespace("patch").withName("p")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"drop\":null,\"add\":\"yes\"}}");

        // Then
        assertThat(patched.getData()).containsEntry("keep", "me").containsEntry("add", "yes").doesNotContainKey("drop");
        assertThat(client.configMaps().inNamespace("patch").withName("p").get().getData()).isEqualTo(patched.getData());
    }

    @Test
    void anUpdateFromAStaleResourceVersionIsAConflict() {
        // Given
        ConfigMap stale = client.configMaps().inNamespace("conflict").resource(configMap("c", "blue")).create();
        client.configMaps().inNamespace("conflict").withName("c")
                .edit(c -> new ConfigMapBuilder(c).addToData("first", "wins").build());

        // When / Then
        assertThatThrownBy(() -> client.configMaps().inNamespace("conflict")
                .resource(new ConfigMapBuilder(stale).addToData("second", "loses").build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).contains("the object has been modified");
                });
        assertThat(client.configMaps().inNamespace("conflict").withName("c").get().getData())
                .containsEntry("first", "wins").doesNotContainKey("second");
    }

    @Test
    void aSecondCreateIsAlreadyExistsAndAMissingObjectIsNotFound() {
        // Given
        client.configMaps().inNamespace("errors").resource(configMap("once", "blue")).create();

        // When / Then
        assertThatThrownBy(() -> client.configMaps().inNamespace("errors").resource(configMap("once", "blue")).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getStatus().getMessage()).contains("already exists");
                });
        assertThatThrownBy(() -> client.configMaps().inNamespace("errors").withName("never")
                .edit(c -> new ConfigMapBuilder(c).addToData("k", "v").build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
        assertThat(client.configMaps().inNamespace("errors").withName("never").get()).isNull();
    }

    @Test
    void aDeletedNamespaceLeavesItsObjectsAsBefore() {
        // Given
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata()
                .withName("doomed").endMetadata().build()).create();
        client.configMaps().inNamespace("doomed").resource(configMap("left", "blue")).create();

        // When
        client.namespaces().withName("doomed").delete();

        // Then: the stand-in has no namespace controller
        assertThat(client.namespaces().withName("doomed").get()).isNull();
        assertThat(client.configMaps().inNamespace("doomed").withName("left").get()).isNotNull();
    }

    private static Watcher<ConfigMap> recorder(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    private static ConfigMap configMap(String name, String colour) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(Map.of("colour", colour))
                .endMetadata().addToData("name", name).build();
    }
}

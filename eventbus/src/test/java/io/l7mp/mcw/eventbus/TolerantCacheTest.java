package io.l7mp.mcw.eventbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

class TolerantCacheTest {
    private final TolerantCache<Service> cache = new TolerantCache<>("test-service", Service.class,
            new KubernetesSerialization());

    @Test
    void anObjectThatCannotBeReadIsSkippedAndNamedWithItsFieldWhileTheOthersAreServed() {
        // When: one good Service, one whose port is a word
        cache.put(service("good", 8080, "1"));
        cache.put(service("bad", "high", "2"));

        // Then
        assertThat(cache.list()).extracting(s -> s.getMetadata().getName()).containsExactly("good");
        assertThat(cache.get("ns/good").getSpec().getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(cache.get("ns/bad")).isNull();
        assertThat(cache.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("bad");
            assertThat(u.namespace()).isEqualTo("ns");
            assertThat(u.resourceVersion()).isEqualTo("2");
            assertThat(u.field()).isEqualTo("spec.ports[0].port");
            assertThat(u.problem()).contains("high");
            assertThat(u.describe()).startsWith("Service ns/bad: spec.ports[0].port: ");
        });
    }

    @Test
    void anObjectFixedOrDeletedIsNoLongerUnreadable() {
        // Given
        cache.put(service("bad", "high", "2"));

        // When: fixed
        cache.put(service("bad", 9090, "3"));

        // Then
        assertThat(cache.unreadable()).isEmpty();
        assertThat(cache.get("ns/bad").getSpec().getPorts().get(0).getPort()).isEqualTo(9090);

        // When: broken again, then deleted
        GenericKubernetesResource broken = service("bad", "high", "4");
        cache.put(broken);
        assertThat(cache.list()).isEmpty();
        cache.remove(broken);

        // Then
        assertThat(cache.unreadable()).isEmpty();
        assertThat(cache.list()).isEmpty();
    }

    private static GenericKubernetesResource service(String name, Object port, String resourceVersion) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("v1");
        object.setKind("Service");
        object.setMetadata(new ObjectMetaBuilder().withNamespace("ns").withName(name)
                .withResourceVersion(resourceVersion).build());
        object.setAdditionalProperty("spec", Map.of("ports", List.of(Map.of("name", "http", "port", port))));
        return object;
    }
}

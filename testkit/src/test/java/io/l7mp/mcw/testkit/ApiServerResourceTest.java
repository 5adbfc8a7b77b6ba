package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiServerResourceTest {

    static class TwoClusterTest {
        @InjectApiServer
        ApiServer any;
        @InjectApiServer("cluster-2")
        ApiServer second;
        @InjectApiServer("cluster-9")
        ApiServer unrelated;
        ApiServer notAnnotated;
    }

    @Test
    void startsAServerConfiguresQuarkusAndInjectsIt() throws Exception {
        // Given
        ApiServerResource resource = new ApiServerResource();
        resource.init(Map.of("cluster", "cluster-2"));
        TwoClusterTest test = new TwoClusterTest();

        try {
            // When
            Map<String, String> config = resource.start();
            resource.inject((Object value, java.util.function.Predicate<Field> predicate) -> {
                for (Field field : TwoClusterTest.class.getDeclaredFields()) {
                    if (predicate.test(field)) {
                        field.setAccessible(true);
                        try {
                            field.set(test, value);
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            });

            // Then
            assertThat(test.any).isNotNull();
            assertThat(test.second).isSameAs(test.any);
            assertThat(test.unrelated).isNull();
            assertThat(test.notAnnotated).isNull();
            assertThat(test.any.clusterName()).isEqualTo("cluster-2");
            assertThat(config).containsEntry("quarkus.kubernetes-client.api-server-url", test.any.url())
                    .containsEntry("quarkus.kubernetes-client.trust-certs", "true")
                    .containsEntry("quarkus.kubernetes-client.devservices.enabled", "false");
            assertThat(ApiServerResource.current()).isSameAs(test.any);
            assertThat(ApiServerResource.current("cluster-2")).contains(test.any);
        } finally {
            resource.stop();
        }
        assertThatThrownBy(ApiServerResource::current).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondClusterCanPublishItsUrlUnderAnotherKey() {
        // Given
        ApiServerResource resource = new ApiServerResource();
        resource.init(Map.of("cluster", "cluster-3", "url-property", "mcw.import.remote.cluster-3.url"));

        try {
            // When
            Map<String, String> config = resource.start();

            // Then
            assertThat(config).containsKey("mcw.import.remote.cluster-3.url")
                    .doesNotContainKey("quarkus.kubernetes-client.api-server-url");
            assertThat(config.get("mcw.import.remote.cluster-3.url")).startsWith("http://127.0.0.1:");
        } finally {
            resource.stop();
        }
    }
}

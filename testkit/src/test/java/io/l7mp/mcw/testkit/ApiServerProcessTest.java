package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

class ApiServerProcessTest {

    @Test
    void servesItsClusterFromAChildJvmAndReportsItsRequestTimes(@TempDir Path workDir) {
        // Given
        ApiServerProcess server = ApiServerProcess.start("cluster-7", workDir);
        try (server; KubernetesClient client = server.client()) {
            // When
            client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
                    .withName("child").endMetadata().build()).create();
            RequestStats stats = server.requestStats();
            server.resetRequestStats();

            // Then
            assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(server.url()).startsWith("http://127.0.0.1:");
            assertThat(client.configMaps().inNamespace("default").withName("child").get()).isNotNull();
            assertThat(stats.timer("create", "configmaps")).hasValueSatisfying(t -> assertThat(t.count()).isEqualTo(1));
            assertThat(stats.objects()).isEqualTo(3);
            assertThat(server.requestStats().timer("create", "configmaps")).isEmpty();
        }

        // Then
        assertThat(server.isAlive()).isFalse();
    }
}

package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

class ApiServerStatsTest {

    private ApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = ApiServer.start("cluster-1");
        client = server.client();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void eachRequestIsTimedByVerbAndKind() {
        // When
        client.configMaps().inNamespace("stats").resource(new ConfigMapBuilder().withNewMetadata().withName("a")
                .endMetadata().build()).create();
        client.configMaps().inNamespace("stats").withName("a").get();
        client.configMaps().inNamespace("stats").withName("a").get();
        client.configMaps().inNamespace("stats").list();
        client.configMaps().inNamespace("stats").withName("a").delete();

        // Then
        RequestStats stats = server.requestStats();
        assertThat(stats.timer("create", "configmaps")).hasValueSatisfying(t -> assertThat(t.count()).isEqualTo(1));
        assertThat(stats.timer("get", "configmaps")).hasValueSatisfying(t -> {
            assertThat(t.count()).isEqualTo(2);
            assertThat(t.totalNanos()).isPositive().isGreaterThanOrEqualTo(t.maxNanos());
            assertThat(t.maxNanos()).isPositive();
        });
        assertThat(stats.timer("list", "configmaps")).hasValueSatisfying(t -> assertThat(t.count()).isEqualTo(1));
        assertThat(stats.timer("delete", "configmaps")).hasValueSatisfying(t -> assertThat(t.count()).isEqualTo(1));
        // default and kube-system
        assertThat(stats.objects()).isEqualTo(2);
    }

    @Test
    void theStatsAreServedAsJsonAndADeleteResetsThem() {
        // Given
        client.namespaces().withName("default").get();

        // When
        HttpResponse<byte[]> read = Http.get(server.url() + RequestStats.PATH, "application/json");
        HttpResponse<byte[]> reset = Http.send("DELETE", server.url() + RequestStats.PATH, "application/json",
                new byte[0]);
        RequestStats afterReset = server.requestStats();

        // Then
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(read)).startsWith("application/json");
        RequestStats served = RequestStats.fromJson(new String(read.body()));
        assertThat(served.timer("get", "namespaces")).hasValueSatisfying(t -> assertThat(t.count()).isEqualTo(1));
        assertThat(Http.json(read).path("requests").get(0).fieldNames()).toIterable()
                .containsExactly("verb", "kind", "count", "totalNanos", "maxNanos");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(afterReset.requests()).isEmpty();
        assertThat(afterReset.objects()).isEqualTo(2);
    }
}

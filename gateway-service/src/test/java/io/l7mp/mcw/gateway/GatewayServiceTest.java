package io.l7mp.mcw.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway-service starts, reports ready and exposes Prometheus metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayServiceTest {
    @TestHTTPResource("/q/health/ready")
    URL ready;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    @Test
    void startsReadyWithMetrics() throws Exception {
        // Given
        HttpClient http = HttpClient.newHttpClient();

        // When: ready once the first route table is built and its listeners are open
        await().atMost(Duration.ofSeconds(30)).until(() -> http.send(HttpRequest.newBuilder(URI.create(ready.toString()))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(ready.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(metrics.toString())).build(),
                HttpResponse.BodyHandlers.ofString());

        // Then
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\": \"UP\"", "mcw-gateway-data-plane", "routeTableVersion");
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }
}

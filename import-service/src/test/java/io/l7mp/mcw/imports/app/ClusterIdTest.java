package io.l7mp.mcw.imports.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterProperty;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The cluster id from the About API: with the ClusterProperty cluster.clusterset.k8s.io there before the service
 * starts, the import-service of the cluster configured as cluster-2 publishes and labels as that id; when the id
 * changes while it runs, its import events are withdrawn (its imports stay, for this cluster's clients) and its
 * readiness says why until a restart.
 */
@QuarkusTest
@TestProfile(ImportServiceTest.Cluster2.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = ApiServerResource.class, initArgs = @ResourceArg(name = ApiServerResource.CLUSTER_ARG, value = "cluster-2"))
@QuarkusTestResource(value = ClusterIdTest.ClusterIdSouth.class, restrictToAnnotatedClass = true)
class ClusterIdTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The ClusterProperty, there before the service starts; after the API server (order 0). */
    public static class ClusterIdSouth implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (KubernetesClient client = ApiServerResource.current().client()) {
                client.resource(ClusterProperty.of(ClusterProperty.CLUSTER_ID, "south")).create();
            }
            return Map.of();
        }

        @Override
        public int order() {
            return 10;
        }

        @Override
        public void stop() {
        }
    }

    @InjectApiServer
    ApiServer server;

    @TestHTTPResource("/q/health/ready")
    URL readiness;

    @Test
    void importsAsTheClusterPropertyAndWithdrawsItsEventsWhenItChanges() throws Exception {
        try (KubernetesClient client = server.client(); BusClient bus = new BusClient()) {
            // Given
            client.resource(new NamespaceBuilder().withNewMetadata().withName("about").endMetadata().build())
                    .create();

            // When
            bus.export(new ExportEvent("cluster-1", "about", "api", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)),
                    new ExportedPolicy("sd-wan-priority-high", "business", 31111, Sla.BEST_EFFORT, null), "10.0.1.1",
                    1, Instant.parse("2026-01-01T10:00:00Z")));

            // Then: the event is south's, and so is the EndpointSlice
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(BusClient.imports("south/about/api"))
                    .isNotEmpty().last().satisfies(r -> {
                        assertThat(r.event()).isNotNull();
                        assertThat(r.headers()).containsEntry("ce_source", "/clusters/south/import-service");
                    }));
            assertThat(BusClient.imports("cluster-2/about/api")).isEmpty();
            EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("about").withName("mcw-api")
                    .get();
            assertThat(slice.getMetadata().getLabels()).containsEntry("multicluster.kubernetes.io/source-cluster",
                    "south");
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready()).isEqualTo(200));

            // When: the id changes while the service runs
            client.resource(ClusterProperty.of(ClusterProperty.CLUSTER_ID, "north")).update();

            // Then: the event is withdrawn, the import stays, readiness says a restart is due
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(BusClient.imports("south/about/api")).last()
                    .satisfies(r -> assertThat(r.event()).isNull()));
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready()).isEqualTo(503));
            assertThat(client.resources(ServiceImport.class).inNamespace("about").withName("api").get()).isNotNull();
            assertThat(BusClient.imports("north/about/api")).isEmpty();
        }
    }

    private int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness.toURI()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

package io.l7mp.mcw.policy;

import static io.l7mp.mcw.policy.PolicyTopicRecords.header;
import static io.l7mp.mcw.policy.PolicyTopicRecords.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterProperty;
import io.l7mp.mcw.api.crd.WANPolicy;
import io.l7mp.mcw.api.crd.WANPolicySpec;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cluster id from the About API: with the ClusterProperty cluster.clusterset.k8s.io there before the service
 * starts, accepted policies are published as that id (which the export-service of the cluster reads them as); a
 * change while it runs withdraws them and is reported until a restart.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(value = ClusterIdTest.ClusterIdEast.class, restrictToAnnotatedClass = true)
class ClusterIdTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The ClusterProperty, there before the service starts; after the API server (order 0). */
    public static class ClusterIdEast implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try (KubernetesClient client = ApiServerResource.current().client()) {
                client.resource(ClusterProperty.of(ClusterProperty.CLUSTER_ID, "east")).create();
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
    void publishesAsTheClusterPropertyAndWithdrawsWhenItChanges() throws Exception {
        String bootstrap = KafkaResource.bootstrapServers();
        try (KubernetesClient client = server.client()) {
            // When
            WANPolicy gold = new WANPolicy();
            gold.setMetadata(new ObjectMetaBuilder().withName("gold").build());
            gold.setSpec(new WANPolicySpec("mpls", 31120, null));
            client.resource(gold).create();

            // Then
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES, "east/gold"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.value()).isNotNull();
                        assertThat(header(r, "ce_source")).isEqualTo("/clusters/east/policy-service");
                    }));
            assertThat(withKey(bootstrap, Topics.POLICIES, "cluster-1/gold")).isEmpty();

            // When: the id changes while the service runs
            client.resource(ClusterProperty.of(ClusterProperty.CLUSTER_ID, "west")).update();

            // Then
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(withKey(bootstrap, Topics.POLICIES, "east/gold"))
                    .last().extracting(ConsumerRecord::value).isNull());
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(ready()).isEqualTo(503));
            assertThat(withKey(bootstrap, Topics.POLICIES, "west/gold")).isEmpty();
        }
    }

    private int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness.toURI()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}

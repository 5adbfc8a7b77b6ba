package io.l7mp.mcw.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterProperty;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The cluster id from the About API: an API server that has the ClusterProperty cluster.clusterset.k8s.io before the
 * service starts makes it export as that id, not as mcw.cluster.name (cluster-1); a change while it runs withdraws the
 * exports and is reported until a restart.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(value = ClusterIdTest.ClusterIdEast.class, restrictToAnnotatedClass = true)
class ClusterIdTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

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
    void exportsAsTheClusterPropertyAndWithdrawsWhenItChanges() throws Exception {
        try (KubernetesClient client = server.client();
                TopicRecords exports = new TopicRecords(KafkaResource.bootstrapServers(), Topics.EXPORTS)) {
            // Given: policy-service of cluster "east" accepted the policy
            putPolicy(new PolicyEvent("east", "sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0),
                    null, List.of(), null, 1));

            // When
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("about").endMetadata()
                    .build()).createOr(r -> r.update());
            YamlApplier.apply(client, """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: payment, namespace: about}
                    spec:
                      ports: [{name: http, protocol: TCP, port: 8080}]
                    ---
                    apiVersion: multicluster.x-k8s.io/v1beta1
                    kind: ServiceExport
                    metadata:
                      name: payment
                      namespace: about
                      annotations: {mcw.l7mp.io/mc-wan-policy: sd-wan-priority-high}
                    """);

            // Then: published as east, never as cluster-1
            await().atMost(WAIT).untilAsserted(() -> assertThat(exports.latest("east/about/payment"))
                    .hasValueSatisfying(r -> {
                        assertThat(r.value()).isNotNull();
                        assertThat(header(r.headers().lastHeader("ce_source")))
                                .isEqualTo("/clusters/east/export-service");
                    }));
            assertThat(exports.all("cluster-1/about/payment")).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(ready()).isEqualTo(200));

            // When: the id changes while the service runs
            client.resource(ClusterProperty.of(ClusterProperty.CLUSTER_ID, "west")).update();

            // Then: the export is withdrawn, not republished as west; the ServiceExport and readiness say why
            await().atMost(WAIT).untilAsserted(() -> assertThat(exports.latest("east/about/payment"))
                    .hasValueSatisfying(r -> assertThat(r.value()).isNull()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(ready(client)).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("ClusterIdChanged");
                assertThat(c.getMessage()).startsWith("withdrawn: the cluster id changed from east (ClusterProperty"
                        + " cluster.clusterset.k8s.io) to west");
            }));
            assertThat(ready()).isEqualTo(503);
            assertThat(exports.count("west/")).isZero();
        }
    }

    private int ready() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness.toURI()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Optional<Condition> ready(KubernetesClient client) {
        ServiceExport export = client.resources(ServiceExport.class).inNamespace("about").withName("payment").get();
        return export == null || export.getStatus() == null ? Optional.empty()
                : export.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    private static void putPolicy(PolicyEvent policy) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.POLICIES, policy.key(),
                    EventJson.write(policy));
            CloudEventAttributes.create(EventTypes.POLICY, policy.cluster(), "test", policy.key(), Instant.now())
                    .toHeaders().forEach((name, bytes) -> record.headers().add(name, bytes));
            producer.send(record).get();
        }
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

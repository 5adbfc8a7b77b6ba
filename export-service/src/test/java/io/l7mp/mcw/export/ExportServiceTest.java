package io.l7mp.mcw.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.Mcs;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.crd.ServiceExportSpec;
import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The export-service against a real Kafka broker and an API server: the seed's service-level example,
 * the misspelled policy, unexport, an ExternalName Service, UDP and SCTP ports, conflicts with cluster-2 and a
 * garbage record. Each test uses its
 * own namespace, so that the order they run in does not matter.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class ExportServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String INGRESS = "192.0.2.10";
    private static final PolicyEvent HIGH = new PolicyEvent("cluster-1", "sd-wan-priority-high", "business", 31111,
            new Sla(100.0, 50.0, 1.0), null, List.of(), null, 1);
    private static final PolicyEvent LOW = new PolicyEvent("cluster-1", "sd-wan-priority-low", "internet", 31112,
            new Sla(300.0, 100.0, 5.0), null, List.of(), null, 1);

    private static KafkaProducer<String, byte[]> producer;
    private static TopicRecords exports;
    private static TopicRecords deadLetters;

    @InjectApiServer
    ApiServer server;

    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    @BeforeAll
    static void connect() {
        String bootstrap = KafkaResource.bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer());
        exports = new TopicRecords(bootstrap, Topics.EXPORTS);
        deadLetters = new TopicRecords(bootstrap, Topics.DEAD_LETTER);
        putPolicy(HIGH);
        putPolicy(LOW);
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        exports.close();
        deadLetters.close();
    }

    @Test
    void publishesTheServiceLevelExampleAndSetsItsConditions() throws Exception {
        // Given
        try (KubernetesClient client = server.client()) {
            // When
            exportPaymentExample(client);
            client.discovery().v1().endpointSlices().inNamespace("secure").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("payment-x1").addToLabels("kubernetes.io/service-name", "payment")
                    .endMetadata().withAddressType("IPv4")
                    .addNewEndpoint().withAddresses("10.1.0.1").withNewConditions().withReady(true).endConditions()
                    .endEndpoint()
                    .addNewEndpoint().withAddresses("10.1.0.2").endEndpoint()
                    .addNewEndpoint().withAddresses("10.1.0.3").withNewConditions().withReady(false).endConditions()
                    .endEndpoint().build()).createOr(r -> r.update());

            // Then
            String key = "cluster-1/secure/payment";
            ServiceExport export = client.resources(ServiceExport.class).inNamespace("secure").withName("payment")
                    .get();
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent(key)).hasValue(new ExportEvent(
                    "cluster-1", "secure", "payment", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(HIGH), INGRESS, 2,
                    Instant.parse(export.getMetadata().getCreationTimestamp()), null, "Cluster", null, List.of())));
            ConsumerRecord<String, byte[]> record = exports.latest(key).orElseThrow();
            assertThat(header(record, "ce_type")).isEqualTo(EventTypes.EXPORT);
            assertThat(header(record, "ce_source")).isEqualTo("/clusters/cluster-1/export-service");
            assertThat(header(record, "ce_subject")).isEqualTo(key);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(condition(client, "secure", "payment", "Valid")).hasValueSatisfying(
                        c -> assertThat(c.getStatus()).isEqualTo("True"));
                assertThat(condition(client, "secure", "payment", "WANPolicyResolved")).hasValueSatisfying(c -> {
                    assertThat(c.getReason()).isEqualTo("Resolved");
                    assertThat(c.getMessage()).contains("sd-wan-priority-high", "tunnel business", "port 31111",
                            "latency <= 100 ms");
                });
                assertThat(condition(client, "secure", "payment", "Conflict")).hasValueSatisfying(
                        c -> assertThat(c.getReason()).isEqualTo("NoConflicts"));
                assertThat(condition(client, "secure", "payment", "PortsCarried")).hasValueSatisfying(
                        c -> assertThat(c.getReason()).isEqualTo("AllPortsCarried"));
                assertThat(condition(client, "secure", "payment", "Ready")).hasValueSatisfying(
                        c -> assertThat(c.getReason()).isEqualTo("Exported"));
            });
        }
    }

    @Test
    void exportWithAnUnknownPolicyWaitsAndGoesOutOnceThePolicyIsAccepted() throws Exception {
        // Given: the misspelled example, in a namespace of its own
        try (KubernetesClient client = server.client()) {
            namespaceWithService(client, "billing");
            String yaml = Files.readString(resource("export-unknown-policy.yaml"))
                    .replace("namespace: secure", "namespace: billing");

            // When
            YamlApplier.apply(client, yaml);

            // Then: waiting, with the policy named
            String key = "cluster-1/billing/payment";
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client, "billing", "payment",
                    "WANPolicyResolved")).hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("False");
                        assertThat(c.getReason()).isEqualTo("PolicyNotFound");
                        assertThat(c.getMessage()).startsWith("WANPolicy sd-wan-priority-hihg not found");
                    }));
            await().during(Duration.ofSeconds(1)).atMost(WAIT).untilAsserted(() -> assertThat(exports.all(key))
                    .isEmpty());

            // When: the policy is accepted in this cluster
            PolicyEvent hihg = new PolicyEvent("cluster-1", "sd-wan-priority-hihg", "business", 31113,
                    Sla.BEST_EFFORT, null, List.of(), null, 1);
            putPolicy(hihg);

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent(key)).hasValueSatisfying(
                    e -> assertThat(e.policy()).isEqualTo(ExportedPolicy.of(hihg))));
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client, "billing", "payment",
                    "WANPolicyResolved")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Resolved")));
        }
    }

    @Test
    void deletingTheServiceExportPublishesATombstone() {
        // Given
        try (KubernetesClient client = server.client()) {
            namespaceWithService(client, "unexport");
            createExport(client, "unexport", "sd-wan-priority-low");
            String key = "cluster-1/unexport/payment";
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent(key)).isPresent());

            // When
            client.resources(ServiceExport.class).inNamespace("unexport").withName("payment").delete();

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(exports.latest(key)).hasValueSatisfying(
                    r -> assertThat(r.value()).isNull()));
        }
    }

    @Test
    void aServiceExportThatCannotBeReadIsSkippedAndTheOthersAreStillExported() {
        try (KubernetesClient client = server.client()) {
            // Given: a ServiceExport whose exportedLabels is a word, as an API server without the CRD's schema lets
            // through
            namespaceWithService(client, "unreadable");
            client.genericKubernetesResources("multicluster.x-k8s.io/v1beta1", "ServiceExport").inNamespace(
                    "unreadable").resource(
                            new GenericKubernetesResourceBuilder()
                                    .withApiVersion("multicluster.x-k8s.io/v1beta1").withKind("ServiceExport")
                                    .withNewMetadata().withName("payment").withNamespace("unreadable").endMetadata()
                                    .addToAdditionalProperties("spec", java.util.Map.of("exportedLabels", "broken")).build())
                    .create();
            assertThatThrownBy(() -> client.resources(ServiceExport.class).inNamespace("unreadable")
                    .withName("payment").get()).as("the object cannot be read into ServiceExport").isNotNull();

            // When: another namespace exports
            namespaceWithService(client, "readable");
            createExport(client, "readable", "sd-wan-priority-low");

            // Then: that export goes out, the unreadable one does not, and nothing stalls
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent("cluster-1/readable/payment"))
                    .isPresent());
            assertThat(latestEvent("cluster-1/unreadable/payment")).isEmpty();
        }
    }

    @Test
    void anExternalNameServiceIsNotValidAndNeverPublished() {
        // Given: the conformance suite's ExternalName case
        try (KubernetesClient client = server.client()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("external").endMetadata()
                    .build()).createOr(r -> r.update());
            YamlApplier.apply(client, """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: payment
                      namespace: external
                    spec:
                      type: ExternalName
                      externalName: example.com
                    """);

            // When
            createExport(client, "external", "sd-wan-priority-high");

            // Then
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(condition(client, "external", "payment", "Valid")).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("InvalidServiceType");
                    assertThat(c.getMessage()).contains("spec.type ExternalName");
                });
                assertThat(condition(client, "external", "payment", "Ready")).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("Failed");
                });
            });
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .untilAsserted(() -> assertThat(exports.all("cluster-1/external/payment")).isEmpty());
        }
    }

    @Test
    void udpAndSctpPortsAreRefusedOnTheExportAndLeftOutOfTheEvent() {
        // Given: the conformance suite's hello Service, plus an SCTP port
        try (KubernetesClient client = server.client()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("hello").endMetadata()
                    .build()).createOr(r -> r.update());
            YamlApplier.apply(client, """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: payment
                      namespace: hello
                    spec:
                      sessionAffinity: ClientIP
                      sessionAffinityConfig:
                        clientIP:
                          timeoutSeconds: 10
                      trafficDistribution: PreferClose
                      ports:
                      - {name: tcp, protocol: TCP, port: 42}
                      - {name: udp, protocol: UDP, port: 42}
                      - {name: stcp, protocol: SCTP, port: 142}
                    """);

            // When
            createExport(client, "hello", "sd-wan-priority-high");

            // Then: only the TCP port goes out, with the Service fields the ServiceImport carries
            String key = "cluster-1/hello/payment";
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent(key)).hasValueSatisfying(e -> {
                assertThat(e.ports()).containsExactly(new ExportPort("tcp", "TCP", null, 42));
                assertThat(e.refusedPorts()).containsExactly(new ExportPort("udp", "UDP", null, 42),
                        new ExportPort("stcp", "SCTP", null, 142));
                assertThat(e.sessionAffinityConfig()).isEqualTo(SessionAffinityConfig.clientIP(10));
                assertThat(e.trafficDistribution()).isEqualTo("PreferClose");
            }));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(condition(client, "hello", "payment", "Valid")).hasValueSatisfying(
                        c -> assertThat(c.getStatus()).isEqualTo("True"));
                assertThat(condition(client, "hello", "payment", "PortsCarried")).hasValueSatisfying(c -> {
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("UnsupportedProtocol");
                    assertThat(c.getMessage()).startsWith("spec.ports 'udp' 42/UDP, 'stcp' 142/SCTP of Service"
                            + " hello/payment not carried");
                });
                assertThat(condition(client, "hello", "payment", "Ready")).hasValueSatisfying(
                        c -> assertThat(c.getStatus()).isEqualTo("True"));
            });
        }
    }

    @Test
    void anotherClustersExportOverAnotherPolicyIsAConflict() {
        // Given
        try (KubernetesClient client = server.client()) {
            namespaceWithService(client, "conflict");
            createExport(client, "conflict", "sd-wan-priority-high");
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent("cluster-1/conflict/payment")).isPresent());

            // When: cluster-2 exports the same service over its low-priority policy, with one port more
            ExportEvent remote = new ExportEvent("cluster-2", "conflict", "payment", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080), new ExportPort("admin", "TCP", null, 9000)),
                    new ExportedPolicy("sd-wan-priority-low", "internet", 31112, null, null), "192.0.2.20", 1,
                    Instant.parse("2026-01-01T00:00:00Z"));
            send(Topics.EXPORTS, remote.key(), EventTypes.EXPORT, "cluster-2", EventJson.write(remote));

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client, "conflict", "payment", "Conflict"))
                    .hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("PortConflict,WANPolicyConflict");
                        assertThat(c.getMessage()).contains("port 'admin': cluster-2 has 9000/TCP, cluster-1 has none",
                                "sd-wan-priority-low");
                    }));
        }
    }

    @Test
    void aServiceExportCreatedAsV1alpha1IsExportedAndReadsAtBothVersions() {
        // Given: an object of a tool that still writes v1alpha1
        try (KubernetesClient client = server.client()) {
            namespaceWithService(client, "alpha");

            // When
            client.genericKubernetesResources(Mcs.API_VERSION_V1ALPHA1, "ServiceExport").inNamespace("alpha")
                    .resource(new GenericKubernetesResourceBuilder().withApiVersion(Mcs.API_VERSION_V1ALPHA1)
                            .withKind("ServiceExport").withNewMetadata().withName("payment").withNamespace("alpha")
                            .addToAnnotations("mcw.l7mp.io/mc-wan-policy", "sd-wan-priority-high").endMetadata()
                            .addToAdditionalProperties("spec", Map.of("exportedLabels", Map.of("tier", "gold")))
                            .build())
                    .create();

            // Then: the service reading v1beta1 exports it, and its status reads at both versions
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent("cluster-1/alpha/payment"))
                    .hasValueSatisfying(e -> assertThat(e.exportedLabels()).containsExactly(Map.entry("tier", "gold"))));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(condition(client, "alpha", "payment", "Ready")).hasValueSatisfying(
                        c -> assertThat(c.getStatus()).isEqualTo("True"));
                GenericKubernetesResource alpha = client.genericKubernetesResources(Mcs.API_VERSION_V1ALPHA1,
                        "ServiceExport").inNamespace("alpha").withName("payment").get();
                assertThat(alpha.getApiVersion()).isEqualTo(Mcs.API_VERSION_V1ALPHA1);
                assertThat(alpha.toString()).contains("Ready", "Exported");
            });
        }
    }

    @Test
    void exportedLabelsAndAnnotationsGoOutAndAnotherClustersDifferentOnesAreAConflict() {
        // Given: the conformance suite's case of two clusters with conflicting annotations and labels
        try (KubernetesClient client = server.client()) {
            namespaceWithService(client, "labels");
            ServiceExport export = new ServiceExport();
            export.getMetadata().setName("payment");
            export.getMetadata().setNamespace("labels");
            export.getMetadata().setAnnotations(Map.of("mcw.l7mp.io/mc-wan-policy", "sd-wan-priority-high"));
            export.setSpec(new ServiceExportSpec(Map.of("dummy-label", "true"), Map.of("dummy-annotation", "true")));
            client.resource(export).create();
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent("cluster-1/labels/payment"))
                    .hasValueSatisfying(e -> {
                        assertThat(e.exportedLabels()).containsExactly(Map.entry("dummy-label", "true"));
                        assertThat(e.exportedAnnotations()).containsExactly(Map.entry("dummy-annotation", "true"));
                    }));

            // When: cluster-2 exports it with other labels and annotations
            ExportEvent remote = new ExportEvent("cluster-2", "labels", "payment", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)),
                    new ExportedPolicy("sd-wan-priority-high", "business", 31111, null, null), "192.0.2.20", 1,
                    Instant.now().plusSeconds(3600)).withExported(Map.of("dummy-label2", "true"),
                            Map.of("dummy-annotation2", "true"));
            send(Topics.EXPORTS, remote.key(), EventTypes.EXPORT, "cluster-2", EventJson.write(remote));

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client, "labels", "payment", "Conflict"))
                    .hasValueSatisfying(c -> {
                        assertThat(c.getStatus()).isEqualTo("True");
                        assertThat(c.getReason()).isEqualTo("AnnotationsConflict,LabelsConflict");
                        assertThat(c.getMessage()).contains("using {dummy-label=true}");
                    }));
        }
    }

    @Test
    void garbageOnTheExportsTopicIsDeadLetteredAndChangesNothing() throws Exception {
        // Given: the example is exported and settled
        try (KubernetesClient client = server.client()) {
            exportPaymentExample(client);
            await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client, "secure", "payment", "Ready"))
                    .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True")));
            List<Condition> before = conditions(client, "secure", "payment");
            long ownRecords = exports.count("cluster-1/");

            // When
            send(Topics.EXPORTS, "cluster-2/secure/payment", EventTypes.EXPORT, "cluster-2",
                    "this is not JSON".getBytes(StandardCharsets.UTF_8));

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(deadLetters.latest("cluster-2/secure/payment"))
                    .hasValueSatisfying(r -> assertThat(header(r, "mcw-dlq-error")).contains("not JSON")));
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
                assertThat(conditions(client, "secure", "payment")).isEqualTo(before);
                assertThat(exports.count("cluster-1/")).isEqualTo(ownRecords);
            });
        }
    }

    @Test
    void metricsCountExportsAndPublishedEvents() throws Exception {
        // Given: the example is exported
        try (KubernetesClient client = server.client()) {
            exportPaymentExample(client);
            await().atMost(WAIT).untilAsserted(() -> assertThat(latestEvent("cluster-1/secure/payment")).isPresent());

            // When / Then
            await().atMost(WAIT).untilAsserted(() -> {
                String metrics = HttpClient.newHttpClient()
                        .send(HttpRequest.newBuilder(metricsUrl.toURI()).build(), HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(metrics).containsPattern("mcw_exports\\{state=\"exported\"} [1-9]")
                        .contains("mcw_exports{state=\"waiting\"}")
                        .containsPattern("mcw_events_published_total\\{topic=\"mcw.exports.v1\"} [1-9]")
                        .contains("mcw_export_conflicts");
            });
        }
    }

    private static void exportPaymentExample(KubernetesClient client) throws Exception {
        YamlApplier.apply(client, resource("payment-service.yaml"));
        YamlApplier.apply(client, resource("payment-export.yaml"));
    }

    private static void namespaceWithService(KubernetesClient client, String namespace) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                .build()).createOr(r -> r.update());
        YamlApplier.apply(client, """
                apiVersion: v1
                kind: Service
                metadata:
                  name: payment
                  namespace: %s
                spec:
                  selector:
                    app: payment
                  ports:
                  - name: http
                    protocol: TCP
                    port: 8080
                """.formatted(namespace));
    }

    private static void createExport(KubernetesClient client, String namespace, String policy) {
        YamlApplier.apply(client, """
                apiVersion: multicluster.x-k8s.io/v1beta1
                kind: ServiceExport
                metadata:
                  name: payment
                  namespace: %s
                  annotations:
                    mcw.l7mp.io/mc-wan-policy: %s
                """.formatted(namespace, policy));
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ExportServiceTest.class.getResource("/" + name).toURI());
    }

    private static void putPolicy(PolicyEvent policy) {
        send(Topics.POLICIES, policy.key(), EventTypes.POLICY, policy.cluster(), EventJson.write(policy));
    }

    private static void send(String topic, String key, String type, String cluster, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        CloudEventAttributes.create(type, cluster, "test", key, Instant.now()).toHeaders()
                .forEach((name, bytes) -> record.headers().add(name, bytes));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + key + " to " + topic, e);
        }
    }

    private static Optional<ExportEvent> latestEvent(String key) {
        return exports.latest(key).filter(r -> r.value() != null).map(r -> EventJson.read(r.value(),
                ExportEvent.class));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<Condition> conditions(KubernetesClient client, String namespace, String name) {
        ServiceExport export = client.resources(ServiceExport.class).inNamespace(namespace).withName(name).get();
        return export == null || export.getStatus() == null ? List.of() : export.getStatus().getConditions();
    }

    private static Optional<Condition> condition(KubernetesClient client, String namespace, String name,
            String type) {
        return conditions(client, namespace, name).stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}

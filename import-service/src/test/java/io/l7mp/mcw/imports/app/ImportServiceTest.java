package io.l7mp.mcw.imports.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.SessionAffinityConfig;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The import-service of cluster-2 against a real Kafka broker and an API server: export events from other
 * clusters become ServiceImports, derived Services and EndpointSlices here, and import events on the bus.
 */
@QuarkusTest
@TestProfile(ImportServiceTest.Cluster2.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = ApiServerResource.class, initArgs = @ResourceArg(name = ApiServerResource.CLUSTER_ARG, value = "cluster-2"))
class ImportServiceTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EGRESS_ADDRESS = "10.0.2.1";
    private static final ExportedPolicy HIGH = new ExportedPolicy("sd-wan-priority-high", "business", 31111,
            new Sla(100.0, 50.0, 1.0), null);

    /** This service plays cluster-2, with its egress gateway at 10.0.2.1. */
    public static class Cluster2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.cluster.name", "cluster-2", "mcw.import.egress-address", EGRESS_ADDRESS,
                    "mcw.reconcile.retry-delay", "200ms");
        }
    }

    @InjectApiServer
    ApiServer server;

    @TestHTTPResource("/q/metrics")
    URL metrics;

    private KubernetesClient client;
    private BusClient bus;

    @BeforeEach
    void connect() {
        client = server.client();
        bus = new BusClient();
    }

    @AfterEach
    void disconnect() {
        bus.close();
        client.close();
    }

    @Test
    void exportFromAnotherClusterIsImportedWithItsVipEndpointSliceAndEvent() throws IOException {
        // Given
        createNamespace("secure");

        // When
        bus.export(export("cluster-1", "secure", "payment", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080)));

        // Then: the ServiceImport of the seed's example, with the derived Service's clusterIP as its VIP
        ServiceImport imported = awaitImport("secure", "payment", i -> i.getSpec().getIps() != null);
        ServiceImport expected = example("examples/expected-serviceimport.yaml");
        assertThat(imported.getSpec().getType()).isEqualTo(expected.getSpec().getType());
        assertThat(ports(imported.getSpec())).isEqualTo(ports(expected.getSpec()));
        Service derived = client.services().inNamespace("secure").withName("mcw-payment").get();
        assertThat(derived.getSpec().getSelector()).isNullOrEmpty();
        assertThat(imported.getSpec().getIps()).containsExactly(derived.getSpec().getClusterIP());
        assertThat(imported.getMetadata().getAnnotations()).containsEntry("mcw.l7mp.io/mc-wan-policy",
                "sd-wan-priority-high").containsEntry(ServiceImport.ANNOTATION_DERIVED_SERVICE, "mcw-payment");
        int egressPort = Integer.parseInt(imported.getMetadata().getAnnotations()
                .get(ServiceImport.ANNOTATION_EGRESS_PORTS).replace("http/TCP/8080=", ""));
        assertThat(egressPort).isBetween(20000, 20999);
        assertThat(derived.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(egressPort);
        });
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ServiceImport current = get("secure", "payment");
            assertThat(current.getStatus()).isNotNull();
            assertThat(current.getStatus().getClusters()).extracting(c -> c.getCluster()).containsExactly("cluster-1");
            assertThat(current.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
        });
        EndpointSlice slice = client.discovery().v1().endpointSlices().inNamespace("secure").withName("mcw-payment")
                .get();
        assertThat(slice.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "mcw-payment")
                .containsEntry("multicluster.kubernetes.io/service-name", "payment")
                .containsEntry("endpointslice.kubernetes.io/managed-by", "mcw-import-service")
                .containsEntry("multicluster.kubernetes.io/source-cluster", "cluster-2");
        assertThat(slice.getEndpoints()).singleElement()
                .satisfies(e -> assertThat(e.getAddresses()).containsExactly(EGRESS_ADDRESS));
        assertThat(slice.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getPort()).isEqualTo(egressPort);
        });
        BusClient.ImportRecord event = awaitLatestImport("cluster-2/secure/payment",
                r -> r.event() != null && !r.event().ips().isEmpty());
        assertThat(event.headers()).containsEntry("ce_type", EventTypes.IMPORT)
                .containsEntry("ce_source", "/clusters/cluster-2/import-service")
                .containsEntry("ce_subject", "cluster-2/secure/payment");
        assertThat(event.event().state()).isEqualTo(ImportState.IMPORTED);
        assertThat(event.event().ips()).containsExactly(derived.getSpec().getClusterIP());
        assertThat(event.event().egressPorts()).containsExactly(new EgressPort("http", "TCP", 8080, egressPort));
        assertThat(event.event().sourceClusters()).containsExactly("cluster-1");
        assertThat(event.event().policy()).isEqualTo("sd-wan-priority-high");
    }

    @Test
    void theConformanceHelloServiceIsImportedWithItsFieldsWithoutItsUdpPortAndConflictsReported() {
        // Given: the MCS conformance suite's hello Service, exported by cluster-1 (its UDP port refused there)
        createNamespace("mcs-conformance");
        ExportEvent hello = new ExportEvent("cluster-1", "mcs-conformance", "hello", "ClusterSetIP", "ClientIP",
                List.of(new ExportPort("tcp", "TCP", null, 42)), HIGH, "10.0.1.1", 1,
                Instant.parse("2026-01-01T10:00:00Z"), SessionAffinityConfig.clientIP(10), "Cluster", "PreferClose",
                List.of(new ExportPort("udp", "UDP", null, 42)));

        // When
        bus.export(hello);

        // Then: the fields the suite compares, the families of the VIP, and no trace of the UDP port but a condition
        ServiceImport imported = awaitImport("mcs-conformance", "hello", i -> i.getSpec().getIps() != null);
        ServiceImportSpec spec = imported.getSpec();
        assertThat(ports(spec)).containsExactly("tcp/TCP/42");
        assertThat(spec.getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds()).isEqualTo(10);
        assertThat(spec.getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(spec.getTrafficDistribution()).isEqualTo("PreferClose");
        assertThat(spec.getIpFamilies()).containsExactly("IPv4").hasSameSizeAs(spec.getIps());
        assertThat(imported.getMetadata().getAnnotations().get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .startsWith("tcp/TCP/42=").doesNotContain("UDP");
        assertThat(client.services().inNamespace("mcs-conformance").withName("mcw-hello").get().getSpec().getPorts())
                .extracting(p -> p.getProtocol()).containsExactly("TCP");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(get("mcs-conformance", "hello").getStatus()
                .getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("PortsCarried");
                    assertThat(c.getStatus()).isEqualTo("False");
                    assertThat(c.getReason()).isEqualTo("UnsupportedProtocol");
                    assertThat(c.getMessage()).endsWith("cluster-1: 'udp' 42/UDP");
                }));

        // When: cluster-3 exports it too, with one more port and another traffic distribution
        bus.export(new ExportEvent("cluster-3", "mcs-conformance", "hello", "ClusterSetIP", "ClientIP",
                List.of(new ExportPort("tcp", "TCP", null, 42), new ExportPort("tcp2", "TCP", null, 4242)), HIGH,
                "10.0.3.1", 1, Instant.parse("2026-01-01T10:00:05Z"), SessionAffinityConfig.clientIP(10), "Cluster",
                null, List.of(new ExportPort("udp", "UDP", null, 42))));

        // Then: the union is imported, and the Conflict names both reasons
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ServiceImport current = get("mcs-conformance", "hello");
            assertThat(ports(current.getSpec())).containsExactly("tcp/TCP/42", "tcp2/TCP/4242");
            assertThat(current.getSpec().getTrafficDistribution()).isEqualTo("PreferClose");
            assertThat(current.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Conflict");
                assertThat(c.getReason()).isEqualTo("PortConflict,TrafficDistributionConflict");
            });
        });
    }

    @Test
    void exportForAMissingNamespaceWaitsUntilTheNamespaceAppears() {
        // Given
        bus.export(export("cluster-1", "other", "web", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 80)));
        BusClient.ImportRecord waiting = awaitLatestImport("cluster-2/other/web", r -> r.event() != null);
        assertThat(waiting.event().state()).isEqualTo(ImportState.WAITING_FOR_NAMESPACE);
        assertThat(client.resources(ServiceImport.class).inNamespace("other").list().getItems()).isEmpty();

        // When
        createNamespace("other");

        // Then
        ServiceImport imported = awaitImport("other", "web", i -> i.getSpec().getIps() != null);
        assertThat(ports(imported.getSpec())).containsExactly("http/TCP/80");
        assertThat(awaitLatestImport("cluster-2/other/web",
                r -> r.event() != null && r.event().state() == ImportState.IMPORTED).event().ips())
                .isEqualTo(imported.getSpec().getIps());
    }

    @Test
    void withdrawnExportRemovesTheImportAndTombstonesItsEvent() {
        // Given
        createNamespace("shop");
        bus.export(export("cluster-1", "shop", "cart", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080)));
        awaitImport("shop", "cart", i -> i.getSpec().getIps() != null);
        awaitLatestImport("cluster-2/shop/cart", r -> r.event() != null);

        // When
        bus.withdraw("cluster-1", "shop", "cart");

        // Then
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(get("shop", "cart")).isNull();
            assertThat(client.services().inNamespace("shop").withName("mcw-cart").get()).isNull();
            assertThat(client.discovery().v1().endpointSlices().inNamespace("shop").withName("mcw-cart").get())
                    .isNull();
        });
        awaitLatestImport("cluster-2/shop/cart", r -> r.event() == null);
    }

    @Test
    void userOwnedServiceImportIsNeverModifiedOrDeleted() {
        // Given: a ServiceImport someone made by hand, without the managed-by label
        createNamespace("legacy");
        ServiceImport own = new ServiceImport();
        own.setMetadata(new ObjectMetaBuilder().withName("billing").withNamespace("legacy").build());
        ServiceImportSpec spec = new ServiceImportSpec();
        spec.setType("ClusterSetIP");
        spec.setIps(List.of("10.200.0.1"));
        spec.setPorts(List.of(new ServiceImportPort("legacy", "TCP", null, 9999)));
        own.setSpec(spec);
        String version = client.resource(own).create().getMetadata().getResourceVersion();

        // When
        bus.export(export("cluster-1", "legacy", "billing", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080)));

        // Then: reported, left alone
        ImportEvent reported = awaitLatestImport("cluster-2/legacy/billing", r -> r.event() != null).event();
        assertThat(reported.message()).contains("ServiceImport legacy/billing", "not managed by mcw-import-service",
                "left alone");
        assertThat(get("legacy", "billing").getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(client.services().inNamespace("legacy").withName("mcw-billing").get()).isNull();

        // When
        bus.withdraw("cluster-1", "legacy", "billing");

        // Then
        awaitLatestImport("cluster-2/legacy/billing", r -> r.event() == null);
        ServiceImport after = get("legacy", "billing");
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(after.getSpec().getIps()).containsExactly("10.200.0.1");
    }

    @Test
    void aStaticImportGetsItsPlumbingAndStatusAndNothingElseOfItIsTouched() {
        // Given: cluster-2 accepted sd-wan-priority-high; a ServiceImport mcwanctl pinned to a remote ingress, and
        // an export of the same service on the bus that must not be merged in
        createNamespace("pinned");
        bus.policy(new PolicyEvent("cluster-2", "sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0),
                null, List.of(), null, 1));
        ServiceImport pinned = new ServiceImport();
        pinned.setMetadata(new ObjectMetaBuilder().withName("ledger").withNamespace("pinned")
                .withLabels(Map.of(StaticIngress.LABEL_MANAGED_BY, StaticIngress.MANAGED_BY, "team", "ledger"))
                .withAnnotations(Map.of(StaticIngress.ANNOTATION_INGRESS, "127.0.1.9:32000",
                        StaticIngress.ANNOTATION_POLICY, "sd-wan-priority-high", StaticIngress.ANNOTATION_CLUSTER,
                        "dc-9", "owner", "finance"))
                .build());
        ServiceImportSpec spec = new ServiceImportSpec();
        spec.setType("ClusterSetIP");
        spec.setPorts(List.of(new ServiceImportPort("grpc", "TCP", null, 9090)));
        pinned.setSpec(spec);

        // When: pinned first, so that the import-service never made one of its own
        client.resource(pinned).create();
        bus.export(export("cluster-1", "pinned", "ledger", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080)));

        // Then: egress port, VIP and derived Service, and a status naming the static cluster and the bus export
        ServiceImport done = awaitImport("pinned", "ledger", i -> i.getSpec().getIps() != null
                && i.getStatus() != null && i.getStatus().getConditions() != null
                && i.getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("StaticIngress")
                        && c.getMessage().contains("cluster-1")));
        Service derived = client.services().inNamespace("pinned").withName("mcw-ledger").get();
        assertThat(done.getSpec().getIps()).containsExactly(derived.getSpec().getClusterIP());
        String egress = done.getMetadata().getAnnotations().get(ServiceImport.ANNOTATION_EGRESS_PORTS);
        assertThat(egress).startsWith("grpc/TCP/9090=");
        assertThat(derived.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(9090));
        assertThat(client.discovery().v1().endpointSlices().inNamespace("pinned").withName("mcw-ledger").get())
                .isNotNull();
        assertThat(done.getStatus().getClusters()).extracting(c -> c.getCluster()).containsExactly("dc-9");
        assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("StaticIngress");
            assertThat(c.getMessage()).contains("127.0.1.9:32000").contains("cluster-1 on the event bus");
        });
        // what mcwanctl wrote is as it was
        assertThat(done.getMetadata().getLabels()).containsEntry(StaticIngress.LABEL_MANAGED_BY, "mcwanctl")
                .containsEntry("team", "ledger");
        assertThat(done.getMetadata().getAnnotations()).containsEntry("owner", "finance")
                .containsEntry(StaticIngress.ANNOTATION_INGRESS, "127.0.1.9:32000")
                .doesNotContainKey("mcw.l7mp.io/exported-labels");
        assertThat(done.getSpec().getPorts()).extracting(ServiceImportPort::getPort).containsExactly(9090);
        assertThat(done.getSpec().getType()).isEqualTo("ClusterSetIP");
        BusClient.ImportRecord event = awaitLatestImport("cluster-2/pinned/ledger",
                r -> r.event() != null && !r.event().ips().isEmpty());
        assertThat(event.event().sourceClusters()).containsExactly("dc-9");

        // When: the pin goes (the ServiceImport is deleted)
        client.resource(done).delete();

        // Then: its plumbing goes with it, and the bus export is imported again, by the import-service
        ServiceImport fromBus = awaitImport("pinned", "ledger",
                i -> i.getMetadata().getLabels() != null && "mcw-import-service"
                        .equals(i.getMetadata().getLabels().get(StaticIngress.LABEL_MANAGED_BY)));
        assertThat(fromBus.getSpec().getPorts()).extracting(ServiceImportPort::getPort).containsExactly(8080);
    }

    @Test
    void aTracedExportIsReceivedAndAppliedInItsTrace() {
        // Given: an export-service's publish span
        createNamespace("traced");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String publishSpan = "00f067aa0ba902b7";

        // When
        bus.export(export("cluster-1", "traced", "api", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080)), "00-" + traceId + "-" + publishSpan + "-01");

        // Then: a CONSUMER span and an "apply" span, both children of the publish span, in its trace
        awaitImport("traced", "api", i -> i.getSpec().getIps() != null);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            List<SpanData> spans = TestSpans.EXPORTER.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.getName()).isEqualTo("receive mcw.exports.v1");
                assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(span.getParentSpanId()).isEqualTo(publishSpan);
                assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key")))
                        .isEqualTo("cluster-1/traced/api");
            });
            assertThat(spans).anySatisfy(span -> {
                assertThat(span.getName()).isEqualTo("apply cluster-1/traced/api");
                assertThat(span.getParentSpanId()).isEqualTo(publishSpan);
                assertThat(span.getAttributes().get(AttributeKey.stringKey("mcw.cluster"))).isEqualTo("cluster-2");
            });
        });
        // and the import event it publishes is traced too: a PRODUCER span whose context is on the record
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(TestSpans.EXPORTER.getFinishedSpanItems())
                .anySatisfy(span -> {
                    assertThat(span.getName()).isEqualTo("publish mcw.imports.v1");
                    assertThat(span.getKind()).isEqualTo(SpanKind.PRODUCER);
                    assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key")))
                            .isEqualTo("cluster-2/traced/api");
                }));
        BusClient.ImportRecord event = awaitLatestImport("cluster-2/traced/api", r -> r.event() != null);
        assertThat(event.headers()).containsKey("ce_traceparent");
    }

    @Test
    void duplicateAndReorderedReplaysChangeNothing() {
        // Given: two clusters export api.replay; the import is in place
        createNamespace("replay");
        ExportEvent first = export("cluster-1", "replay", "api", Instant.parse("2026-01-01T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080));
        ExportEvent second = export("cluster-3", "replay", "api", Instant.parse("2026-01-02T10:00:00Z"),
                new ExportPort("http", "TCP", null, 8080), new ExportPort("grpc", "TCP", null, 9090));
        bus.export(first);
        bus.export(second);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ServiceImport i = get("replay", "api");
            assertThat(i).isNotNull();
            assertThat(i.getSpec().getIps()).isNotEmpty();
            assertThat(i.getStatus()).isNotNull();
            assertThat(i.getStatus().getClusters()).hasSize(2);
        });
        awaitLatestImport("cluster-2/replay/api", r -> r.event() != null && r.event().sourceClusters().size() == 2);
        Map<String, String> versions = resourceVersions("replay", "api");
        int events = BusClient.imports("cluster-2/replay/api").size();

        // When: the same events again, twice, in the other order
        Set<Integer> partitions = new TreeSet<>();
        for (int i = 0; i < 2; i++) {
            partitions.add(bus.export(second).partition());
            partitions.add(bus.export(first).partition());
        }
        // a barrier behind the replays in every partition they went to
        for (int partition : partitions) {
            bus.export(export("cluster-1", "replay", "marker-" + partition, Instant.parse("2026-01-01T10:00:00Z"),
                    new ExportPort("http", "TCP", null, 80)), partition);
        }
        partitions.forEach(p -> awaitImport("replay", "marker-" + p, i -> i.getSpec().getIps() != null));

        // Then
        assertThat(resourceVersions("replay", "api")).isEqualTo(versions);
        assertThat(BusClient.imports("cluster-2/replay/api")).hasSize(events);
    }

    @Test
    void importsAndTheirPropagationAreMeasured() {
        // Given
        createNamespace("metrics");

        // When
        bus.export(export("cluster-1", "metrics", "probe", Instant.now(), new ExportPort("http", "TCP", null, 80)));
        awaitImport("metrics", "probe", i -> i.getSpec().getIps() != null);

        // Then
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(scrape())
                .containsPattern("(?m)^mcw_imports\\{state=\"imported\"\\} [1-9]")
                .containsPattern("(?m)^mcw_events_published_total\\{topic=\"mcw.imports.v1\"\\} [1-9]")
                .containsPattern(
                        "(?m)^mcw_events_propagation_seconds_count\\{consumer=\"import-service\",topic=\"mcw.exports.v1\"\\} [1-9]")
                .containsPattern(
                        "(?m)^mcw_events_receive_lag_seconds_count\\{consumer=\"import-service\",topic=\"mcw.exports.v1\"\\} [1-9]"));
    }

    private String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(metrics.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    private Map<String, String> resourceVersions(String namespace, String name) {
        return Map.of("ServiceImport", get(namespace, name).getMetadata().getResourceVersion(),
                "Service", client.services().inNamespace(namespace).withName("mcw-" + name).get().getMetadata()
                        .getResourceVersion(),
                "EndpointSlice", client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withName("mcw-" + name).get().getMetadata().getResourceVersion());
    }

    private static ExportEvent export(String cluster, String namespace, String name, Instant created,
            ExportPort... ports) {
        return new ExportEvent(cluster, namespace, name, "ClusterSetIP", "None", List.of(ports), HIGH,
                "10.0.1.1", 1, created);
    }

    private void createNamespace(String name) {
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
        client.resource(namespace).create();
    }

    private ServiceImport get(String namespace, String name) {
        return client.resources(ServiceImport.class).inNamespace(namespace).withName(name).get();
    }

    private ServiceImport awaitImport(String namespace, String name, java.util.function.Predicate<ServiceImport> ready) {
        return await().atMost(TIMEOUT).until(() -> get(namespace, name), i -> i != null && ready.test(i));
    }

    private static BusClient.ImportRecord awaitLatestImport(String key,
            java.util.function.Predicate<BusClient.ImportRecord> wanted) {
        return await().atMost(TIMEOUT).until(() -> {
            List<BusClient.ImportRecord> records = BusClient.imports(key);
            return records.isEmpty() ? null : records.get(records.size() - 1);
        }, r -> r != null && wanted.test(r));
    }

    private static List<String> ports(ServiceImportSpec spec) {
        return spec.getPorts().stream().map(p -> p.getName() + "/" + p.getProtocol() + "/" + p.getPort()).toList();
    }

    private static ServiceImport example(String resource) throws IOException {
        try (InputStream in = ImportServiceTest.class.getClassLoader().getResourceAsStream(resource)) {
            return Serialization.unmarshal(in, ServiceImport.class);
        }
    }
}

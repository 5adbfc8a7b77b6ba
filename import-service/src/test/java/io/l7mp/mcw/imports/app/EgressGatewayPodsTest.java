package io.l7mp.mcw.imports.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The import-service with {@code mcw.import.egress-pod-selector} set, as in a real cluster: the derived
 * EndpointSlices hold the egress gateway's pods (their IPs, readiness, node and targetRef) and follow them as they
 * become ready, not ready, terminating or gone; the import is never removed because the gateway is down.
 */
@QuarkusTest
@TestProfile(EgressGatewayPodsTest.GatewayPods.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = ApiServerResource.class, initArgs = @ResourceArg(name = ApiServerResource.CLUSTER_ARG, value = "cluster-2"))
class EgressGatewayPodsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String SYSTEM = "mcw-system";
    private static final String GATEWAY_LABEL = "app.kubernetes.io/name";
    private static final String GATEWAY = "mcw-gateway-service";
    /** Keeps a deleted pod terminating (deletionTimestamp set) until the test removes it. */
    private static final String HOLD = "mcw.l7mp.io/test-hold";
    private static final ExportedPolicy HIGH = new ExportedPolicy("sd-wan-priority-high", "business", 31111,
            new Sla(100.0, 50.0, 1.0), null);

    /**
     * This service plays cluster-4 (its own keys on the shared topics), with the gateway pods of k8s/base; the
     * fixed address is set too, to show that the selector wins.
     */
    public static class GatewayPods implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcw.cluster.name", "cluster-4",
                    "mcw.import.egress-pod-selector", GATEWAY_LABEL + "=" + GATEWAY,
                    "mcw.import.egress-pod-namespace", SYSTEM,
                    "mcw.import.egress-address", "10.0.4.1",
                    "mcw.reconcile.retry-delay", "200ms");
        }
    }

    @InjectApiServer
    ApiServer server;

    private KubernetesClient client;
    private BusClient bus;

    @BeforeEach
    void connect() {
        client = server.client();
        bus = new BusClient();
        createNamespace(SYSTEM);
    }

    @AfterEach
    void removePodsAndDisconnect() {
        for (String namespace : List.of(SYSTEM, "default")) {
            for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
                pod.getMetadata().setFinalizers(List.of());
                client.resource(pod).update();
                client.resource(pod).delete();
            }
        }
        bus.close();
        client.close();
    }

    @Test
    void sliceHoldsTheReadyGatewayPodsAndFollowsThem() {
        // Given: two gateway pods, and two pods that must not be endpoints (another app; another namespace)
        createNamespace("edge");
        Pod first = create(pod(SYSTEM, "mcw-gateway-service-a", GATEWAY, "10.244.1.5", "node-1", true, HOLD));
        create(pod(SYSTEM, "mcw-gateway-service-b", GATEWAY, "10.244.2.7", "node-2", true));
        create(pod(SYSTEM, "mcw-import-service-x", "mcw-import-service", "10.244.1.9", "node-1", true));
        create(pod("default", "mcw-gateway-service-elsewhere", GATEWAY, "10.244.3.3", "node-3", true));

        // When
        bus.export(export("edge", "api"));

        // Then: the gateway pods, ready, with node and targetRef, as the EndpointSlice controller writes them
        awaitEndpoints("edge", "mcw-api", endpoints -> assertThat(endpoints)
                .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady(),
                        e -> e.getConditions().getServing(), e -> e.getConditions().getTerminating(),
                        Endpoint::getNodeName)
                .containsExactly(tuple("10.244.1.5", true, true, false, "node-1"),
                        tuple("10.244.2.7", true, true, false, "node-2")));
        EndpointSlice slice = slice("edge", "mcw-api");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints().get(0).getTargetRef()).satisfies(ref -> {
            assertThat(ref.getKind()).isEqualTo("Pod");
            assertThat(ref.getNamespace()).isEqualTo(SYSTEM);
            assertThat(ref.getName()).isEqualTo("mcw-gateway-service-a");
            assertThat(ref.getUid()).isEqualTo(first.getMetadata().getUid());
        });
        awaitReady("edge", "api", "True", "Ready");

        // When: the second pod's readiness probe fails
        setReady(SYSTEM, "mcw-gateway-service-b", false);

        // Then
        awaitEndpoints("edge", "mcw-api", endpoints -> assertThat(endpoints)
                .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady(),
                        e -> e.getConditions().getServing())
                .containsExactly(tuple("10.244.1.5", true, true), tuple("10.244.2.7", false, false)));

        // When: the first pod is being deleted: nothing is ready any more
        client.pods().inNamespace(SYSTEM).withName("mcw-gateway-service-a").delete();

        // Then: it stays as a serving, terminating endpoint; the import stays, and says why it is not ready
        awaitEndpoints("edge", "mcw-api", endpoints -> assertThat(endpoints)
                .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady(),
                        e -> e.getConditions().getServing(), e -> e.getConditions().getTerminating())
                .containsExactly(tuple("10.244.1.5", false, true, true), tuple("10.244.2.7", false, false, false)));
        Condition notReady = awaitReady("edge", "api", "False", "EgressGatewayNotReady");
        assertThat(notReady.getMessage()).contains("no ready egress gateway pod", "namespace mcw-system",
                "app.kubernetes.io/name=mcw-gateway-service", "edge/mcw-api");
        assertThat(importOf("edge", "api").getSpec().getIps()).isNotEmpty();

        // When: the first pod is gone and the second one ready again
        Pod terminating = client.pods().inNamespace(SYSTEM).withName("mcw-gateway-service-a").get();
        terminating.getMetadata().setFinalizers(List.of());
        client.resource(terminating).update();
        setReady(SYSTEM, "mcw-gateway-service-b", true);

        // Then
        awaitEndpoints("edge", "mcw-api", endpoints -> assertThat(endpoints)
                .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady())
                .containsExactly(tuple("10.244.2.7", true)));
        awaitReady("edge", "api", "True", "Ready");
    }

    @Test
    void withoutGatewayPodsTheImportStaysWithAnEmptySlice() {
        // Given: no gateway pod at all
        createNamespace("dark");

        // When
        bus.export(export("dark", "web"));

        // Then: ServiceImport, derived Service and an EndpointSlice without endpoints; Ready=False says why
        Condition notReady = awaitReady("dark", "web", "False", "EgressGatewayNotReady");
        assertThat(notReady.getMessage()).startsWith("no egress gateway pod: no pods in namespace mcw-system match "
                + "mcw.import.egress-pod-selector app.kubernetes.io/name=mcw-gateway-service");
        assertThat(importOf("dark", "web").getSpec().getIps()).isNotEmpty();
        assertThat(client.services().inNamespace("dark").withName("mcw-web").get()).isNotNull();
        awaitEndpoints("dark", "mcw-web", endpoints -> assertThat(endpoints).isEmpty());

        // When: a gateway pod comes up
        create(pod(SYSTEM, "mcw-gateway-service-a", GATEWAY, "10.244.1.5", "node-1", true));

        // Then: it is the endpoint, never the fixed address
        awaitEndpoints("dark", "mcw-web", endpoints -> assertThat(endpoints)
                .extracting(e -> e.getAddresses().get(0), e -> e.getConditions().getReady())
                .containsExactly(tuple("10.244.1.5", true)));
        awaitReady("dark", "web", "True", "Ready");
    }

    private static Pod pod(String namespace, String name, String app, String ip, String node, boolean ready,
            String... finalizers) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels(GATEWAY_LABEL, app).withFinalizers(finalizers).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("main").withImage("mcw/" + app)
                .endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).addNewPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    private Pod create(Pod pod) {
        return client.resource(pod).create();
    }

    private void setReady(String namespace, String name, boolean ready) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .forEach(c -> c.setStatus(ready ? "True" : "False"));
        client.resource(pod).update();
    }

    private void createNamespace(String name) {
        if (client.namespaces().withName(name).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
        }
    }

    private static ExportEvent export(String namespace, String name) {
        return new ExportEvent("cluster-1", namespace, name, "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), HIGH, "10.0.1.1", 1,
                Instant.parse("2026-01-01T10:00:00Z"));
    }

    private EndpointSlice slice(String namespace, String name) {
        return client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).get();
    }

    private ServiceImport importOf(String namespace, String name) {
        return client.resources(ServiceImport.class).inNamespace(namespace).withName(name).get();
    }

    private void awaitEndpoints(String namespace, String name,
            java.util.function.Consumer<List<Endpoint>> assertion) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            EndpointSlice slice = slice(namespace, name);
            assertThat(slice).as("EndpointSlice %s/%s", namespace, name).isNotNull();
            assertion.accept(slice.getEndpoints() == null ? List.of() : slice.getEndpoints());
        });
    }

    private Condition awaitReady(String namespace, String name, String status, String reason) {
        return await().atMost(TIMEOUT).until(() -> {
            ServiceImport i = importOf(namespace, name);
            return i == null || i.getStatus() == null || i.getStatus().getConditions() == null ? null
                    : i.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                            .orElse(null);
        }, c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }
}

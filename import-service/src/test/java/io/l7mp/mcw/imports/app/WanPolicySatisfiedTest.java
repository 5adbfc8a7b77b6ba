package io.l7mp.mcw.imports.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportStatus;
import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The import-service of cluster-2 keeps the WAN status of its ServiceImports from real tunnel health reports
 * ({@code mcw.tunnel-health.v1}) and gateway events ({@code mcw.gateway-events.v1}) on a real broker: the tunnel in
 * use with its figures and {@code WANPolicySatisfied}, which follows an SLA violation and the recovery, and is not
 * written again when a report says nothing new.
 */
@QuarkusTest
@TestProfile(ImportServiceTest.Cluster2.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = ApiServerResource.class, initArgs = @ResourceArg(name = ApiServerResource.CLUSTER_ARG, value = "cluster-2"))
class WanPolicySatisfiedTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String HERE = "cluster-2";
    private static final String HIGH = "sd-wan-priority-high";
    private static final ExportedPolicy POLICY = new ExportedPolicy(HIGH, "business", 31111,
            new Sla(100.0, 50.0, 1.0), null);
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String LATENCY = "latency 120 ms > 100 ms";

    @InjectApiServer
    ApiServer server;

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
    void tunnelInUseAndItsSlaAppearOnTheStatusFollowAViolationAndAreNotRewrittenForNothing() {
        // Given: wan/checkout exported by cluster-1, wan/marker by cluster-5; nothing measured yet
        client.resource(new NamespaceBuilder().withNewMetadata().withName("wan").endMetadata().build()).create();
        bus.export(export("cluster-1", "checkout"));
        bus.export(export("cluster-5", "marker"));
        awaitStatus("checkout", s -> {
            assertThat(wanCondition(s).getStatus()).isEqualTo("Unknown");
            assertThat(wanCondition(s).getReason()).isEqualTo("NotMeasured");
            assertThat(s.getTunnels()).singleElement().satisfies(t -> {
                assertThat(t.getCluster()).isEqualTo("cluster-1");
                assertThat(t.getPreferredTunnel()).isEqualTo("business");
                assertThat(t.getTunnel()).isNull();
            });
        });

        // When: cluster-2's telemetry measures business to cluster-1, and its gateway uses it
        bus.tunnelHealth(health("cluster-1", TunnelState.UP, 12.0, 1.1, 0.0, T0.plusSeconds(1)));
        bus.gatewayEvent(gateway(T0.plusSeconds(2), active("cluster-1", true, "business is healthy")));

        // Then
        awaitStatus("checkout", s -> {
            assertThat(wanCondition(s).getStatus()).isEqualTo("True");
            assertThat(wanCondition(s).getReason()).isEqualTo("SLASatisfied");
            assertThat(s.getTunnels()).singleElement().satisfies(t -> {
                assertThat(t.getPolicy()).isEqualTo(HIGH);
                assertThat(t.getTunnel()).isEqualTo("business");
                assertThat(t.getPort()).isEqualTo(31111);
                assertThat(t.getState()).isEqualTo("UP");
                assertThat(t.getSlaSatisfied()).isTrue();
                assertThat(t.getReason()).isEqualTo("business is healthy");
                assertThat(t.getRttMs()).isEqualTo(12.0);
                assertThat(t.getJitterMs()).isEqualTo(1.1);
                assertThat(t.getLossPercent()).isEqualTo(0.0);
            });
        });

        // When: the tunnel breaks the SLA, and the gateway has nowhere better to go
        bus.tunnelHealth(health("cluster-1", TunnelState.DEGRADED, 120.0, 4.2, 0.0, T0.plusSeconds(3)));
        bus.gatewayEvent(gateway(T0.plusSeconds(4), active("cluster-1", false, "no tunnel meets the SLA")));

        // Then
        awaitStatus("checkout", s -> {
            assertThat(wanCondition(s).getStatus()).isEqualTo("False");
            assertThat(wanCondition(s).getReason()).isEqualTo("SLAViolated");
            assertThat(wanCondition(s).getMessage()).contains("cluster-1 over business", LATENCY);
            assertThat(s.getTunnels()).singleElement().satisfies(t -> {
                assertThat(t.getState()).isEqualTo("DEGRADED");
                assertThat(t.getSlaSatisfied()).isFalse();
                assertThat(t.getRttMs()).isEqualTo(120.0);
            });
        });

        // When: it recovers
        TunnelHealthEvent recovered = health("cluster-1", TunnelState.UP, 14.0, 1.0, 0.0, T0.plusSeconds(5));
        GatewayEvent using = gateway(T0.plusSeconds(6), active("cluster-1", true, "business is healthy"),
                new ActiveTunnel("cluster-5", HIGH, "business", "business", 31111, null, "not measured"));
        bus.tunnelHealth(recovered);
        bus.gatewayEvent(using);

        // Then
        awaitStatus("checkout", s -> {
            assertThat(wanCondition(s).getStatus()).isEqualTo("True");
            assertThat(s.getTunnels()).singleElement().satisfies(t -> assertThat(t.getRttMs()).isEqualTo(14.0));
        });
        awaitStatus("marker", s -> assertThat(s.getTunnels()).singleElement()
                .satisfies(t -> assertThat(t.getState()).isEqualTo("UNKNOWN")));
        String version = get("checkout").getMetadata().getResourceVersion();

        // When: the same reports again, as is and republished with new times, and another cluster's report on the
        // same path; then, behind them in the same partitions, a first measurement of cluster-5
        int partition = bus.tunnelHealth(recovered).partition();
        bus.tunnelHealth(withTimes(recovered, T0.plusSeconds(7)), partition);
        bus.tunnelHealth(new TunnelHealthEvent("cluster-3", "cluster-1", "business", "10.0.1.1", 31111,
                TunnelState.DOWN, "5 probes in a row lost", new TunnelFigures(0, 0, 0, 100, 50),
                List.of(new SlaVerdict(HIGH, false, List.of("loss 100 % > 1 %"))), T0, T0.plusSeconds(7)), partition);
        bus.gatewayEvent(using);
        bus.gatewayEvent(gateway(T0.plusSeconds(8), using.activeTunnels().toArray(ActiveTunnel[]::new)));
        bus.gatewayEvent(gateway(T0.plusSeconds(9), active("cluster-1", true, "business is healthy"),
                new ActiveTunnel("cluster-5", HIGH, "business", "business", 31111, true, "business is healthy")));
        bus.tunnelHealth(health("cluster-5", TunnelState.UP, 30.0, 2.0, 0.0, T0.plusSeconds(9)), partition);

        // Then: the marker shows both, so everything before them was read; checkout was not written
        awaitStatus("marker", s -> assertThat(s.getTunnels()).singleElement().satisfies(t -> {
            assertThat(t.getRttMs()).isEqualTo(30.0);
            assertThat(t.getReason()).isEqualTo("business is healthy");
        }));
        ServiceImport after = get("checkout");
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(version);
        assertThat(wanCondition(after.getStatus()).getStatus()).isEqualTo("True");
    }

    private static ExportEvent export(String cluster, String name) {
        return new ExportEvent(cluster, "wan", name, "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)), POLICY, "10.0.1.1", 1, T0);
    }

    private static TunnelHealthEvent health(String destination, TunnelState state, double rtt, double jitter,
            double loss, Instant measuredAt) {
        boolean satisfied = state == TunnelState.UP;
        SlaVerdict verdict = new SlaVerdict(HIGH, satisfied, satisfied ? List.of() : List.of(LATENCY));
        return new TunnelHealthEvent(HERE, destination, "business", "10.0.1.1", 31111, state,
                satisfied ? "answered" : "breaks the SLA of " + HIGH + ": " + LATENCY,
                new TunnelFigures(rtt, rtt, jitter, loss, 100), List.of(verdict), T0, measuredAt);
    }

    private static TunnelHealthEvent withTimes(TunnelHealthEvent e, Instant measuredAt) {
        return new TunnelHealthEvent(e.sourceCluster(), e.destinationCluster(), e.tunnel(), e.address(), e.port(),
                e.state(), e.reason(), e.figures(), e.sla(), measuredAt, measuredAt);
    }

    private static ActiveTunnel active(String destination, boolean satisfied, String reason) {
        return new ActiveTunnel(destination, HIGH, "business", "business", 31111, satisfied, reason);
    }

    private static GatewayEvent gateway(Instant time, ActiveTunnel... active) {
        return new GatewayEvent(HERE, GatewayEvent.ROUTES_APPLIED, time, null, List.of(active), 1);
    }

    private ServiceImport get(String name) {
        return client.resources(ServiceImport.class).inNamespace("wan").withName(name).get();
    }

    private void awaitStatus(String name, Consumer<ServiceImportStatus> wanted) {
        await().atMost(TIMEOUT).untilAsserted(() -> {
            ServiceImport i = get(name);
            assertThat(i).isNotNull();
            assertThat(i.getStatus()).isNotNull();
            wanted.accept(i.getStatus());
        });
    }

    private static Condition wanCondition(ServiceImportStatus status) {
        return status.getConditions().stream().filter(c -> "WANPolicySatisfied".equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no WANPolicySatisfied condition in " + status.getConditions()));
    }
}

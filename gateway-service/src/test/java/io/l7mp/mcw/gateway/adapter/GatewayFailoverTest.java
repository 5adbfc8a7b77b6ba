package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.grpc.gateway.v1.ActiveTunnel;
import io.l7mp.mcw.api.grpc.gateway.v1.GatewayAdminGrpc;
import io.l7mp.mcw.api.grpc.gateway.v1.ListActiveTunnelsRequest;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.l7mp.mcw.testkit.wan.WanEmulator;
import io.l7mp.mcw.testkit.wan.WanTopology;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Tunnel failover in the gateway (DESIGN D5), the gateway under test being cluster-1's. cluster-7 is a stand-in: two
 * HTTP backends on 127.0.0.7 answer as its ingress gateway on its business and internet tunnel ports, behind the WAN
 * emulator (cluster-7's WAN address 127.0.1.7), so a test can cut one tunnel and see where the requests go. The health
 * of the paths comes as tunnel health records on the real broker, as cluster-1's telemetry-service would write them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class GatewayFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SELF = "cluster-1";
    private static final String PEER = "cluster-7";
    private static final int BUSINESS_PORT = RawHttp.freePort();
    private static final int INTERNET_PORT = RawHttp.freePort();
    private static final int PAY_EGRESS = RawHttp.freePort();
    /** The hold-down of cluster-7's business policy: long enough to see traffic wait for it. */
    private static final int HOLD_DOWN_SECONDS = 4;
    private static final PolicyEvent HIGH = new PolicyEvent(PEER, "fo-high", "business", BUSINESS_PORT,
            new Sla(100.0, 50.0, 1.0), 46, List.of("fo-low"), HOLD_DOWN_SECONDS, 1);
    private static final PolicyEvent LOW = new PolicyEvent(PEER, "fo-low", "internet", INTERNET_PORT, Sla.BEST_EFFORT,
            null, List.of(), null, 1);

    private static HttpBackend business;
    private static HttpBackend internet;
    private static WanEmulator wan;
    private static TopicEvents events;
    private static ManagedChannel adminChannel;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @InjectApiServer
    ApiServer server;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL http;

    @BeforeEach
    void setUp() {
        if (events == null) {
            // Given: cluster-7's two tunnels behind the WAN emulator, its policies and its export of fo/pay
            business = HttpBackend.start("business", "127.0.0.7", BUSINESS_PORT);
            internet = HttpBackend.start("internet", "127.0.0.7", INTERNET_PORT);
            wan = WanEmulator.start(WanTopology.sandbox(List.of(SELF, PEER),
                    Map.of("business", BUSINESS_PORT, "internet", INTERNET_PORT)));
            try (KubernetesClient client = server.client()) {
                YamlApplier.apply(client, namespaces("fo"));
                YamlApplier.apply(client, serviceImport("fo", "pay", "http/TCP/8080=" + PAY_EGRESS));
            }
            events = new TopicEvents(KafkaResource.bootstrapServers());
            putPolicy(HIGH);
            putPolicy(LOW);
            putExport(new ExportEvent(PEER, "fo", "pay", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)), ExportedPolicy.of(HIGH),
                    wan.wanAddress(PEER, "business").getAddress().getHostAddress(), 1,
                    Instant.parse("2026-01-01T00:00:00Z")));
        }
        // every test starts from both tunnels healthy, nothing cut, traffic on business
        wan.paths("*", "*", "*").clear();
        health("business", TunnelState.UP, Instant.EPOCH);
        health("internet", TunnelState.UP, Instant.EPOCH);
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel().getTunnel()).isEqualTo("business"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(get("/ready").body()).contains("\"backend\":\"business\""));
    }

    @AfterAll
    static void tearDown() {
        events.close();
        events = null;
        if (adminChannel != null) {
            adminChannel.shutdownNow();
            adminChannel = null;
        }
        wan.close();
        business.close();
        internet.close();
    }

    @Test
    void aBlackholedTunnelReportedDownMovesTheTrafficAndTheRequestWaitingOnItSucceedsOnTheNextTunnel()
            throws Exception {
        // Given: business silently drops everything, and a GET is stuck on it
        wan.path(SELF, PEER, "business").blackhole();
        CompletableFuture<HttpResponse<String>> stuck = CLIENT.sendAsync(request("/during-the-cut"),
                HttpResponse.BodyHandlers.ofString());
        // nothing crosses a blackhole, so nothing can tell the GET is stuck: the client's connection is open, and the
        // request is given a moment to reach the gateway (were it late, it would still have to go to internet)
        await().atMost(WAIT).until(() -> registry.find("mcw_gateway_open_connections").tag("direction", "egress")
                .gauge().value() > 0);
        Thread.sleep(200);
        assertThat(stuck).isNotDone();
        double failoversBefore = failovers("business", "internet");

        // When: the probes report business down
        health("business", TunnelState.DOWN, Instant.now());

        // Then: the stuck GET was closed and retried on internet, and new requests go there
        HttpResponse<String> answered = stuck.get(20, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("\"backend\":\"internet\"");
        assertThat(get("/after-the-cut").body()).contains("\"backend\":\"internet\"");
        assertThat(tunnel()).satisfies(t -> {
            assertThat(t.getTunnel()).isEqualTo("internet");
            assertThat(t.getTunnelPort()).isEqualTo(INTERNET_PORT);
            assertThat(t.getKind()).isEqualTo("FAILOVER");
            assertThat(t.getReason()).isEqualTo("business DOWN: 5 probes in a row lost");
            assertThat(t.getPreferredTunnel()).isEqualTo("business");
            assertThat(t.getLastSwitch().getFromTunnel()).isEqualTo("business");
            assertThat(t.getLastSwitch().getToTunnel()).isEqualTo("internet");
            assertThat(t.getLastSwitch().getReason()).isEqualTo("business DOWN: 5 probes in a row lost");
            assertThat(Instant.parse(t.getLastSwitch().getTime())).isAfter(Instant.now().minusSeconds(60));
        });
        assertThat(failovers("business", "internet")).isGreaterThan(failoversBefore);
        assertThat(registry.find("mcw_gateway_path_down_closed_connections_total").counter().count())
                .isPositive();
    }

    @Test
    void aRecoveredTunnelGetsTheTrafficBackAfterTheHoldDownAndNotBefore() {
        // Given: traffic on internet after business went down
        health("business", TunnelState.DOWN, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel().getTunnel()).isEqualTo("internet"));

        // When: business is healthy again
        health("business", TunnelState.UP, Instant.now());

        // Then: the traffic waits out the hold-down on internet, then returns
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel().getKind()).isEqualTo("HOLD_DOWN"));
        assertThat(tunnel().getTunnel()).isEqualTo("internet");
        assertThat(tunnel().getReason()).contains("of " + HOLD_DOWN_SECONDS + " s (hold-down); stays on internet");
        assertThat(get("/during-the-hold-down").body()).contains("\"backend\":\"internet\"");
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel().getKind()).isEqualTo("PREFERRED"));
        assertThat(get("/after-the-hold-down").body()).contains("\"backend\":\"business\"");
        // the fail-back is the last switch now
        assertThat(tunnel().getLastSwitch()).satisfies(last -> {
            assertThat(last.getFromTunnel()).isEqualTo("internet");
            assertThat(last.getToTunnel()).isEqualTo("business");
            assertThat(last.getReason()).startsWith("fails back to business");
        });
    }

    @Test
    void aResetTunnelIsLeftOnTheFirstFailedRequestWithoutWaitingForTheProbes() {
        // Given
        wan.path(SELF, PEER, "business").reset();

        // When: no probe report says anything
        HttpResponse<String> response = get("/during-the-reset");

        // Then: the data plane's own signal took business down, and requests go to internet. The GET itself was
        // retried on internet; on a loaded machine the reset cut's RST can also hit that retry's fresh connection
        // while it connects (testkit's note on WanPath.reset), so its answer is either internet's or a 502 after
        // both tunnels were tried; the next GET must be internet's.
        if (response.statusCode() != 200) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            response = get("/after-the-reset");
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"backend\":\"internet\"");
        // the route table is rebuilt on the failure asynchronously: the admin API shows it once it is swapped in
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel()).satisfies(t -> {
            assertThat(t.getTunnel()).isEqualTo("internet");
            assertThat(t.getReason()).startsWith("business DOWN: ").contains("(seen by the gateway at ");
        }));
        assertThat(wan.path(SELF, PEER, "business").counters().connectionsReset()).isPositive();
    }

    @Test
    void aTunnelThatBreaksTheSlaMovesThePolicyAndTheAdminApiSaysWhy() {
        // When: business carries traffic but its latency breaks fo-high's SLA
        TunnelFigures slow = new TunnelFigures(120, 130, 1, 0, 500);
        put(new TunnelHealthEvent(SELF, PEER, "business", "127.0.1.7", BUSINESS_PORT, TunnelState.DEGRADED,
                "breaks the SLA of fo-high: latency 120 ms > 100 ms", slow,
                List.of(new SlaVerdict("fo-high", false, List.of("latency 120 ms > 100 ms")),
                        new SlaVerdict("fo-low", true, List.of())),
                Instant.now(), Instant.now()));

        // Then
        await().atMost(WAIT).untilAsserted(() -> assertThat(tunnel()).satisfies(t -> {
            assertThat(t.getTunnel()).isEqualTo("internet");
            assertThat(t.getReason()).isEqualTo("business DEGRADED: breaks the SLA of fo-high: latency 120 ms > 100 ms");
            assertThat(t.getSlaSatisfied()).isTrue();
        }));
        assertThat(get("/slow-business").body()).contains("\"backend\":\"internet\"");
    }

    private HttpResponse<String> get(String path) {
        try {
            return CLIENT.send(request(path), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static HttpRequest request(String path) {
        // the egress port names the service: the Host the client sends does not matter
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PAY_EGRESS + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
    }

    /** Switches of kind failover; the metric's label values are lower snake case (docs/metrics.md). */
    private double failovers(String from, String to) {
        var counter = registry.find("mcw_gateway_tunnel_switches_total")
                .tags("destination_cluster", PEER, "from_tunnel", from, "to_tunnel", to, "kind", "failover").counter();
        return counter == null ? 0 : counter.count();
    }

    private ActiveTunnel tunnel() {
        if (adminChannel == null) {
            adminChannel = ManagedChannelBuilder.forAddress(http.getHost(), http.getPort()).usePlaintext().build();
        }
        return GatewayAdminGrpc.newBlockingStub(adminChannel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .listActiveTunnels(ListActiveTunnelsRequest.getDefaultInstance()).getTunnelsList().stream()
                .filter(t -> t.getService().equals("fo/pay") && t.getCluster().equals(PEER)).findFirst()
                .orElseThrow(() -> new AssertionError("fo/pay has no active tunnel to " + PEER));
    }

    private static void health(String tunnel, TunnelState state, Instant since) {
        boolean up = state.carriesTraffic();
        List<SlaVerdict> verdicts = up
                ? List.of(new SlaVerdict("fo-high", true, List.of()), new SlaVerdict("fo-low", true, List.of()))
                : List.of(new SlaVerdict("fo-high", false, List.of("tunnel DOWN")),
                        new SlaVerdict("fo-low", false, List.of("tunnel DOWN")));
        put(new TunnelHealthEvent(SELF, PEER, tunnel, "127.0.1.7", "business".equals(tunnel) ? BUSINESS_PORT
                : INTERNET_PORT, state, up ? "meets the SLA of every policy that uses it" : "5 probes in a row lost",
                new TunnelFigures(0.3, 0.5, 0.1, 0, 500), verdicts, since, Instant.now()));
    }

    private static void put(TunnelHealthEvent event) {
        events.put(Topics.TUNNEL_HEALTH, event.key(), EventTypes.TUNNEL_HEALTH, SELF, EventJson.write(event));
    }

    private static void putPolicy(PolicyEvent policy) {
        events.put(Topics.POLICIES, policy.key(), EventTypes.POLICY, policy.cluster(), EventJson.write(policy));
    }

    private static void putExport(ExportEvent export) {
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, export.cluster(), EventJson.write(export));
    }
}

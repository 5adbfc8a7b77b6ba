package io.l7mp.mcw.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.grpc.telemetry.v1.ListTunnelsRequest;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelTelemetryGrpc;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelUpdate;
import io.l7mp.mcw.api.grpc.telemetry.v1.WatchTunnelsRequest;
import io.l7mp.mcw.testkit.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The telemetry-service against a real Kafka broker and real UDP echo responders on loopback: other clusters' policy
 * and export events go in, probes go out, tunnel health comes out on Kafka, gRPC and Prometheus. Each test probes
 * clusters of its own, so that the order they run in does not matter.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class TelemetryServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String RFC_3339 = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";

    private static TopicRecords health;
    private static LogCapture log;

    @TestHTTPResource("/")
    URL root;

    @BeforeAll
    static void connect() {
        String bootstrap = KafkaResource.bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await().atMost(WAIT).until(() -> admin.listTopics().names().get().contains(Topics.TUNNEL_HEALTH));
        }
        health = new TopicRecords(bootstrap, Topics.TUNNEL_HEALTH);
        log = LogCapture.of("io.l7mp.mcw.telemetry");
    }

    @AfterAll
    static void disconnect() {
        health.close();
        log.close();
    }

    @Test
    void aTunnelIsUpWhileItsPeerAnswersDownWhenItStopsAndUpAgainWhenItIsBack() throws Exception {
        // Given
        EchoResponder responder = EchoResponder.on("127.0.0.1", 0);
        int port = responder.port();
        try (PeerCluster cluster2 = new PeerCluster(KafkaResource.bootstrapServers(), "cluster-2")) {
            String key = cluster2.tunnelKey();

            // When
            cluster2.exportsOverTunnel("127.0.0.1", port);

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(latest(key)).hasValueSatisfying(event -> {
                assertThat(event.state()).isEqualTo(TunnelState.UP);
                assertThat(event.address()).isEqualTo("127.0.0.1");
                assertThat(event.port()).isEqualTo(port);
                assertThat(event.figures().samples()).isPositive();
                assertThat(event.figures().rttMs()).isPositive();
                assertThat(event.sla()).containsExactly(new SlaVerdict(PeerCluster.POLICY, true, List.of()));
            }));
            ConsumerRecord<String, byte[]> record = health.latest(key).orElseThrow();
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_id")).isNotBlank();
            assertThat(header(record, "ce_type")).isEqualTo(EventTypes.TUNNEL_HEALTH);
            assertThat(header(record, "ce_source")).isEqualTo("/clusters/cluster-1/telemetry-service");
            assertThat(header(record, "ce_subject")).isEqualTo(key);
            assertThat(header(record, "ce_time")).matches(RFC_3339);
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            // the wire format docs/events.md gives, which the gateway and import-service read
            JsonNode json = new ObjectMapper().readTree(record.value());
            assertThat(json.fieldNames()).toIterable().containsExactlyInAnyOrder("sourceCluster",
                    "destinationCluster", "tunnel", "address", "port", "state", "reason", "figures", "sla", "since",
                    "measuredAt");
            assertThat(json.get("figures").fieldNames()).toIterable().containsExactlyInAnyOrder("rttMs", "rttP99Ms",
                    "jitterMs", "lossPercent", "samples");
            assertThat(json.get("sla").get(0).fieldNames()).toIterable().containsExactlyInAnyOrder("policy",
                    "satisfied", "violations");
            assertThat(json.get("state").asText()).isEqualTo("UP");
            assertThat(json.get("since").asText()).matches(RFC_3339);
            assertThat(json.get("measuredAt").asText()).matches(RFC_3339);

            // When: the peer stops answering
            responder.close();

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(latest(key)).hasValueSatisfying(event -> {
                assertThat(event.state()).isEqualTo(TunnelState.DOWN);
                assertThat(event.reason()).endsWith("in a row lost");
                assertThat(event.sla()).allSatisfy(verdict -> assertThat(verdict.satisfied()).isFalse());
            }));
            assertThat(header(health.latest(key).orElseThrow(), "ce_type")).isEqualTo(EventTypes.TUNNEL_HEALTH);
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains("tunnel state changed: key=" + key,
                    "from=UP to=DOWN", "reason=\"", "in a row lost", "rtt_ms=", "loss_percent="));

            // When: it answers again
            responder = EchoResponder.on("127.0.0.1", port);

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(latest(key)).hasValueSatisfying(
                    event -> assertThat(event.state()).isEqualTo(TunnelState.UP)));
        } finally {
            responder.close();
        }
    }

    @Test
    void withdrawingTheExportTombstonesTheTunnelOnKafkaGrpcAndMetrics() throws Exception {
        // Given: cluster-3's tunnel is probed and UP; a gRPC client lists and watches
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", root.getPort()).usePlaintext().build();
        List<TunnelUpdate> updates = new CopyOnWriteArrayList<>();
        try (EchoResponder responder = EchoResponder.on("127.0.0.1", 0);
                PeerCluster cluster3 = new PeerCluster(KafkaResource.bootstrapServers(), "cluster-3")) {
            String key = cluster3.tunnelKey();
            cluster3.exportsOverTunnel("127.0.0.1", responder.port());
            await().atMost(WAIT).untilAsserted(() -> assertThat(latest(key)).hasValueSatisfying(
                    event -> assertThat(event.state()).isEqualTo(TunnelState.UP)));
            TunnelTelemetryGrpc.TunnelTelemetryBlockingStub telemetry = TunnelTelemetryGrpc.newBlockingStub(channel);
            TunnelTelemetryGrpc.newStub(channel).watchTunnels(WatchTunnelsRequest.getDefaultInstance(),
                    collect(updates));

            // Then: the API reports what Kafka carries, and the gauges are there
            await().atMost(WAIT).untilAsserted(() -> {
                TunnelHealth listed = telemetry.listTunnels(ListTunnelsRequest.getDefaultInstance()).getTunnelsList()
                        .stream().filter(t -> t.getKey().equals(key)).findFirst().orElseThrow();
                assertSameHealth(listed, latest(key).orElseThrow());
            });
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(updates).anySatisfy(update -> {
                    assertThat(update.getSnapshot()).isTrue();
                    assertThat(update.getHealth().getKey()).isEqualTo(key);
                });
                assertThat(updates).anySatisfy(update -> {
                    assertThat(update.getSnapshot()).isFalse();
                    assertThat(update.getHealth().getKey()).isEqualTo(key);
                    assertThat(update.getHealth().getState()).isEqualTo(TunnelHealth.State.UP);
                });
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(metrics())
                    .containsPattern(series("mcw_tunnel_rtt_seconds", "cluster-3") + " [0-9.E-]+\n")
                    .containsPattern(series("mcw_tunnel_rtt_p99_seconds", "cluster-3") + " [0-9.E-]+\n")
                    .containsPattern(series("mcw_tunnel_jitter_seconds", "cluster-3") + " [0-9.E-]+\n")
                    .containsPattern(series("mcw_tunnel_loss_ratio", "cluster-3") + " 0\\.0\n")
                    .containsPattern(series("mcw_tunnel_state", "cluster-3", "state", "up") + " 1\\.0\n")
                    .containsPattern(series("mcw_tunnel_state", "cluster-3", "state", "down") + " 0\\.0\n")
                    .containsPattern(series("mcw_tunnel_sla_satisfied", "cluster-3", "policy", PeerCluster.POLICY)
                            + " 1\\.0\n")
                    .containsPattern(series("mcw_tunnel_probes_sent_total", "cluster-3") + " [1-9]")
                    .containsPattern(series("mcw_tunnel_echoes_total", "cluster-3", "outcome", "on_time") + " [1-9]")
                    .containsPattern(series("mcw_tunnel_state_changes_total", "cluster-3", "to", "up") + " 1\\.0\n"));

            // When
            cluster3.withdrawsItsExport();

            // Then
            await().atMost(WAIT).untilAsserted(() -> assertThat(health.latest(key)).hasValueSatisfying(
                    record -> assertThat(record.value()).isNull()));
            await().atMost(WAIT).untilAsserted(() -> assertThat(updates).anySatisfy(
                    update -> assertThat(update.getRemoved().getKey()).isEqualTo(key)));
            assertThat(telemetry.listTunnels(ListTunnelsRequest.getDefaultInstance()).getTunnelsList())
                    .noneSatisfy(t -> assertThat(t.getKey()).isEqualTo(key));
            assertThat(metrics()).doesNotContainPattern(series("mcw_tunnel_rtt_seconds", "cluster-3"))
                    .doesNotContainPattern(series("mcw_tunnel_state", "cluster-3", "state", "up"))
                    .doesNotContainPattern(series("mcw_tunnel_sla_satisfied", "cluster-3", "policy",
                            PeerCluster.POLICY));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aTunnelWhoseAddressIsOutsideTheAllowedNetworksIsNeverProbed() throws Exception {
        // Given: 127.0.0.2 is outside the allowed 127.0.0.1/32, and a trap listens there
        try (EchoResponder allowed = EchoResponder.on("127.0.0.1", 0);
                EchoResponder trap = EchoResponder.on("127.0.0.2", 0);
                PeerCluster cluster4 = new PeerCluster(KafkaResource.bootstrapServers(), "cluster-4");
                PeerCluster cluster5 = new PeerCluster(KafkaResource.bootstrapServers(), "cluster-5");
                PeerCluster cluster6 = new PeerCluster(KafkaResource.bootstrapServers(), "cluster-6")) {

            // When
            cluster5.exportsOverTunnel("10.96.0.10", 31111);
            cluster6.exportsOverTunnel("127.0.0.2", trap.port());
            cluster4.exportsOverTunnel("127.0.0.1", allowed.port());

            // Then: both refusals logged with the reason, and counted
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(
                        "not probing tunnel: key=" + cluster5.tunnelKey(), "address=10.96.0.10",
                        "refusing to dial 10.96.0.10: not in mcw.network.allowed-cidrs [127.0.0.1/32]"));
                assertThat(log.lines()).anySatisfy(line -> assertThat(line).contains(
                        "not probing tunnel: key=" + cluster6.tunnelKey(), "refusing to dial 127.0.0.2"));
                assertThat(metrics())
                        .contains("mcw_tunnel_probe_refused_total{destination_cluster=\"cluster-5\"} 1.0")
                        .contains("mcw_tunnel_probe_refused_total{destination_cluster=\"cluster-6\"} 1.0");
            });
            // the allowed tunnel is probed all along
            await().atMost(WAIT).untilAsserted(() -> assertThat(latest(cluster4.tunnelKey())).hasValueSatisfying(
                    event -> assertThat(event.state()).isEqualTo(TunnelState.UP)));
            long allowedBefore = allowed.received();
            await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
                assertThat(trap.received()).isZero();
                assertThat(health.all(cluster5.tunnelKey())).isEmpty();
                assertThat(health.all(cluster6.tunnelKey())).isEmpty();
            });
            assertThat(allowed.received()).isGreaterThan(allowedBefore);
            // refused once per reason, not once per probe interval
            assertThat(metrics()).contains("mcw_tunnel_probe_refused_total{destination_cluster=\"cluster-5\"} 1.0")
                    .doesNotContainPattern(series("mcw_tunnel_probes_sent_total", "cluster-5"))
                    .doesNotContainPattern(series("mcw_tunnel_probes_sent_total", "cluster-6"))
                    .doesNotContainPattern(series("mcw_tunnel_rtt_seconds", "cluster-5"))
                    .doesNotContainPattern(series("mcw_tunnel_rtt_seconds", "cluster-6"));
        }
    }

    @Test
    void theServiceIsReadyAndHasMadeTheTunnelHealthTopicAShortRetentionStream() throws Exception {
        // Given
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TUNNEL_HEALTH);

        // When
        Config config;
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()))) {
            config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
        }

        // Then
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofMinutes(15).toMillis()));
        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> ready = get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"telemetry-service\"").contains("\"status\": \"UP\"");
        });
    }

    private static void assertSameHealth(TunnelHealth listed, TunnelHealthEvent published) {
        assertThat(listed.getSourceCluster()).isEqualTo(published.sourceCluster());
        assertThat(listed.getDestinationCluster()).isEqualTo(published.destinationCluster());
        assertThat(listed.getTunnel()).isEqualTo(published.tunnel());
        assertThat(listed.getAddress()).isEqualTo(published.address());
        assertThat(listed.getPort()).isEqualTo(published.port());
        assertThat(listed.getState().name()).isEqualTo(published.state().name());
        assertThat(listed.getReason()).isEqualTo(published.reason());
        assertThat(listed.getRttMs()).isEqualTo(published.figures().rttMs());
        assertThat(listed.getRttP99Ms()).isEqualTo(published.figures().rttP99Ms());
        assertThat(listed.getJitterMs()).isEqualTo(published.figures().jitterMs());
        assertThat(listed.getLossPercent()).isEqualTo(published.figures().lossPercent());
        assertThat(listed.getSamples()).isEqualTo(published.figures().samples());
        assertThat(listed.getSlaList()).hasSize(published.sla().size()).allSatisfy(verdict -> assertThat(
                new SlaVerdict(verdict.getPolicy(), verdict.getSatisfied(), verdict.getViolationsList()))
                .isIn(published.sla()));
        assertThat(listed.getSince()).isEqualTo(published.since().toString());
        assertThat(listed.getMeasuredAt()).isEqualTo(published.measuredAt().toString());
    }

    /** The Prometheus series of a tunnel of {@code destination} (labels sorted, as the registry writes them), quoted. */
    private static String series(String name, String destination, String... extraLabel) {
        Map<String, String> labels = new TreeMap<>(Map.of("source_cluster", "cluster-1", "destination_cluster",
                destination, "tunnel", PeerCluster.TUNNEL));
        if (extraLabel.length == 2) {
            labels.put(extraLabel[0], extraLabel[1]);
        }
        return Pattern.quote(name + labels.entrySet().stream().map(l -> l.getKey() + "=\"" + l.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}")));
    }

    private static Optional<TunnelHealthEvent> latest(String key) {
        return health.latest(key).filter(r -> r.value() != null)
                .map(r -> EventJson.read(r.value(), TunnelHealthEvent.class));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static StreamObserver<TunnelUpdate> collect(List<TunnelUpdate> updates) {
        return new StreamObserver<>() {
            @Override
            public void onNext(TunnelUpdate update) {
                updates.add(update);
            }

            @Override
            public void onError(Throwable error) {
                // the channel is shut down at the end of the test
            }

            @Override
            public void onCompleted() {
            }
        };
    }

    private String metrics() throws Exception {
        return get("/q/metrics").body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root.toString()).resolve(path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

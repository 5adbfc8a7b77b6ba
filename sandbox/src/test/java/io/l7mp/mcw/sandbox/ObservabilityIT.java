package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.sandbox.DashboardQueries.PanelQuery;
import io.l7mp.mcw.sandbox.PrometheusApi.Sample;
import io.l7mp.mcw.sandbox.scenario.ServiceLevelScenario;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.tracing.TestTracing;
import io.l7mp.mcw.testkit.tracing.ZipkinTraces;
import io.l7mp.mcw.testkit.wan.WanPath;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;

/**
 * The dashboards and rules proven against a real Prometheus (issue 13, part 5): a sandbox started as
 * {@code bin/sandbox --observability} starts it, the seed's service-level story applied, steady GETs from cluster-2
 * to payment in cluster-1, the business tunnel blackholed and restored. Then every panel query of every dashboard of
 * {@code k8s/grafana} must return data through Prometheus' HTTP API, every rule of
 * {@code k8s/prometheus/mcw-rules.yaml} must be loaded and evaluate, the tunnel alerts must fire on the cut and no
 * other alert may be pending or firing in the steady state. The tests share the clusterset and run in order.
 * <p>
 * Two panels need data a quiet clusterset does not make, and the scenario makes it: a dead letter (one unparsable
 * record on the exports topic, as a foreign producer could write) for the dead-letter panel, and a hand-over of the
 * gateway's HTTP/1.1 relay (one HTTP/1.0 request, as an old client sends) for the relay panel.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String NS = ServiceLevelScenario.NAMESPACE;
    private static final String HIGH = Fixtures.HIGH;
    private static final int INTERNET_PORT = 31112;
    /** The alerts the cut of the business tunnel must fire. */
    private static final Set<String> TUNNEL_ALERTS = Set.of("MCWTunnelDown", "MCWTunnelFailover");
    /**
     * A dashboard as an operator of the calling cluster reads it: cluster-2, its egress, its destination cluster-1,
     * the payment service.
     */
    private static final Map<String, String> CALLING_CLUSTER = Map.of("cluster", C2, "direction", "egress",
            "destination", C1, "service", NS + "/payment");
    /** The serving cluster's view of the panels that have a direction: cluster-1's ingress. */
    private static final Map<String, String> SERVING_CLUSTER = Map.of("cluster", C1, "direction", "ingress",
            "destination", C1, "service", NS + "/payment");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static Sandbox sandbox;
    private static PrometheusApi prometheus;
    private static SteadyGets load;

    @BeforeAll
    static void startSandboxWithObservability() {
        SandboxMain.configureLogging();
        Awaitility.setDefaultTimeout(Duration.ofMinutes(2));
        Awaitility.setDefaultPollInterval(Duration.ofMillis(500));
        Path root = RepoRoot.find();
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-observability"))
                .withObservability(true));
        prometheus = new PrometheusApi(sandbox.prometheusUrl().orElseThrow());
        assertThat(new ServiceLevelScenario(sandbox, System.out).run(Duration.ofMinutes(2))).as("the seed's story")
                .isTrue();
        await("payment answers through cluster-2's egress").ignoreExceptions()
                .until(() -> get(egressPort(), "/warm-up") == 200);
        load = SteadyGets.start(egressPort());
        // an old client: the HTTP/1.1 relay hands HTTP/1.0 over to the full server (the relay hand-over panel)
        assertThat(http10Get(egressPort(), "/an-old-client")).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (load != null) {
            load.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void prometheusScrapesEveryServiceOfEveryClusterWithTheLabelsOfThePodMonitorAndLoadsTheRules() throws Exception {
        // Given
        Map<String, Map<String, String>> expected = new LinkedHashMap<>();
        for (ServiceProcess process : sandbox.processes()) {
            expected.put("127.0.0.1:" + process.port(), Map.of("cluster", process.cluster(), "container",
                    process.service(), "namespace", "mcw-system", "job", "mcw", "instance", "127.0.0.1:"
                            + process.port()));
        }

        // Then: every service is a target, up, labelled with its cluster and no target label `service`
        await("every service scraped").untilAsserted(() -> {
            Map<String, Map<String, String>> targets = new LinkedHashMap<>();
            for (JsonNode target : prometheus.data("/api/v1/targets").path("activeTargets")) {
                assertThat(target.path("health").asText()).as("health of %s: %s", target.path("scrapeUrl").asText(),
                        target.path("lastError").asText()).isEqualTo("up");
                Map<String, String> labels = new ObjectMapper().convertValue(target.path("labels"),
                        new TypeReference<Map<String, String>>() {
                        });
                targets.put(labels.get("instance"), labels);
            }
            assertThat(targets).isEqualTo(expected);
        });
        assertThat(prometheus.query("count by (cluster) (up{job=\"mcw\"} == 1)")).extracting(s -> s.labels().get(
                "cluster") + "=" + (int) s.value()).containsExactlyInAnyOrder(C1 + "=5", C2 + "=5");

        // and every rule of the rule file is loaded and evaluates without error
        Set<String> names = new TreeSet<>();
        rules().forEach(r -> names.add((String) (r.containsKey("alert") ? r.get("alert") : r.get("record"))));
        await("every rule evaluated").untilAsserted(() -> {
            Map<String, String> health = new LinkedHashMap<>();
            for (JsonNode group : prometheus.data("/api/v1/rules").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    health.put(rule.path("name").asText(), rule.path("health").asText() + " " + rule.path(
                            "lastError").asText());
                }
            }
            assertThat(health.keySet()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(health).allSatisfy((name, state) -> assertThat(state).as(name).isEqualTo("ok "));
        });
    }

    @Test
    @Order(2)
    void inTheSteadyStateNoAlertIsPendingOrFiringButAFailoverTheStartUpCaused() {
        // Given: cluster-2 sends payment's traffic over business, as the policy prefers
        await("cluster-2 on business").untilAsserted(() -> {
            assertThat(tunnelInUse()).isEqualTo("business");
            assertThat(choice()).isEqualTo("preferred");
        });

        // Then: no alert but MCWTunnelFailover; that one is on for 10 minutes after a switch, and the first probes
        // on a machine busy starting a dozen JVMs can measure an RTT above the policy's 100 ms and make one
        await("the alerts of the start-up settle").until(() -> unexpectedSteadyStateAlerts().isEmpty());
        await("no alert for 10 s").during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(unexpectedSteadyStateAlerts()).isEmpty());
        if (firing("MCWTunnelFailover").isEmpty()) {
            return;
        }
        List<Sample> startUpSwitches = prometheus.query("mcw_gateway_tunnel_switches_total{cluster=\"" + C2
                + "\", kind!=\"preferred\"}");
        System.out.println("[observability] MCWTunnelFailover is on in the steady state, from start-up switches: "
                + startUpSwitches);
        assertThat(startUpSwitches).as("a switch that explains MCWTunnelFailover").isNotEmpty();
    }

    @Test
    @Order(3)
    void aBlackholedBusinessTunnelMovesTheTrafficToInternetAndFiresTheTunnelAlerts() {
        // Given
        double switches = sum("mcw_gateway_tunnel_switches_total{cluster=\"" + C2 + "\", kind!=\"preferred\"}");
        try {
            // When
            long cut = System.nanoTime();
            business().blackhole();

            // Then: Prometheus sees the traffic move and the alerts fire
            await("cluster-2 on internet").untilAsserted(() -> assertThat(tunnelInUse()).isEqualTo("internet"));
            assertThat(sum("mcw_gateway_tunnel_switches_total{cluster=\"" + C2 + "\", kind!=\"preferred\"}"))
                    .as("switches away from business").isGreaterThan(switches);
            await("requests enter cluster-1 on internet").until(() -> sum("increase(mcw_gateway_requests_total{"
                    + "cluster=\"" + C1 + "\", direction=\"ingress\", tunnel_port=\"" + INTERNET_PORT + "\"}[1m])") > 0);
            await("the tunnel alerts fire").atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
                assertThat(firing("MCWTunnelDown")).anySatisfy(labels -> assertThat(labels).containsEntry("cluster", C2)
                        .containsEntry("source_cluster", C2).containsEntry("destination_cluster", C1)
                        .containsEntry("tunnel", "business"));
                assertThat(firing("MCWTunnelFailover")).anySatisfy(labels -> assertThat(labels)
                        .containsEntry("cluster", C2).containsEntry("destination_cluster", C1)
                        .containsEntry("policy", HIGH));
            });
            System.out.printf("[observability] MCWTunnelDown and MCWTunnelFailover firing %d s after the cut%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cut));
        } finally {
            business().restore();
        }
        // and the traffic comes back after the policy's hold-down (30 s by default)
        await("fail-back to business").untilAsserted(() -> {
            assertThat(tunnelInUse()).isEqualTo("business");
            assertThat(choice()).isEqualTo("preferred");
        });
        assertThat(firing("MCWTunnelDown")).as("MCWTunnelDown after the restore").isEmpty();
    }

    @Test
    @Order(4)
    void everyPanelQueryOfEveryDashboardReturnsData() throws Exception {
        // Given: a dead letter, and export events within the rate interval (the seed's L7 exports) for the lag panels
        TopicRecords.send(sandbox.bootstrapServers(), Topics.EXPORTS, "cluster-9/observability/garbage", "not json");
        YamlApplier.apply(sandbox.client(C1), sandbox.repoRoot().resolve("k8s/examples/l7/payment-tunnels.yaml"));
        await("cluster-2 imports the L7 exports").until(() -> Fixtures.serviceImport(sandbox.client(C2), NS,
                "payment-low-prio").isPresent());
        List<PanelQuery> queries = DashboardQueries.all();

        // Then
        await("every panel query returns data").atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                withoutData(queries)).as("panel queries without data").isEmpty());
        System.out.printf("[observability] %d panel queries of %d dashboards return data%n", queries.size(),
                queries.stream().map(PanelQuery::dashboard).distinct().count());
    }

    @Test
    @Order(5)
    void everyRuleExpressionEvaluatesEveryRecordingRuleRecordsAndTheDeadLetterAlertFires() throws Exception {
        // Given
        List<Map<String, Object>> rules = rules();

        // Then: each expression evaluates; a recording rule's has data and its series is recorded
        for (Map<String, Object> rule : rules) {
            String expr = (String) rule.get("expr");
            List<Sample> samples = prometheus.query(expr);
            if (rule.containsKey("record")) {
                assertThat(samples).as("recording rule %s: %s", rule.get("record"), expr).anyMatch(Sample::isNumber);
                assertThat(prometheus.query((String) rule.get("record"))).as("recorded %s", rule.get("record"))
                        .isNotEmpty();
            }
        }
        // the garbage on the exports topic
        await("MCWDeadLetters fires").untilAsserted(() -> assertThat(firing("MCWDeadLetters")).anySatisfy(
                labels -> assertThat(labels).containsEntry("cluster", C2).containsEntry("topic", Topics.EXPORTS)));
    }

    @Test
    @Order(6)
    void oneGetFromClusterTwoToPaymentIsOneTraceOfClientEgressIngressAndBackend() throws Exception {
        // Given: the client and the payment backend trace to the same Zipkin as the services
        URI zipkin = sandbox.zipkinUrl().orElseThrow();
        URI spans = zipkin.resolve("/api/v2/spans");
        try (TestTracing clientTracing = TestTracing.toZipkin("test-client", spans);
                TestTracing backendTracing = TestTracing.toZipkin("payment-backend", spans)) {
            sandbox.sampleBackend("payment").traced(backendTracing);
            Span client = clientTracing.root("GET payment", SpanKind.CLIENT);

            // When: one GET from cluster-2, with the client span's traceparent
            HttpResponse<String> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.address(C2) + ":"
                        + egressPort() + "/traced")).header("traceparent", TestTracing.traceparent(client))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                client.end();
                sandbox.sampleBackend("payment").traced(null);
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            // Then: one trace, read back through Zipkin's API: client -> egress gateway -> ingress gateway -> backend
            String traceId = client.getSpanContext().getTraceId();
            ZipkinTraces traces = new ZipkinTraces(zipkin);
            List<ZipkinTraces.ZipkinSpan> trace = await("the trace in Zipkin").until(() -> traces.trace(traceId),
                    t -> t.stream().anyMatch(x -> "payment-backend".equals(x.service()))
                            && t.stream().filter(x -> "gateway-service".equals(x.service())).count() >= 2);
            ZipkinTraces.ZipkinSpan root = only(trace, x -> "test-client".equals(x.service()));
            ZipkinTraces.ZipkinSpan egress = only(trace, x -> "gateway-service".equals(x.service())
                    && x.tag("mcw.direction").orElse("").equals("egress"));
            ZipkinTraces.ZipkinSpan ingress = only(trace, x -> "gateway-service".equals(x.service())
                    && x.tag("mcw.direction").orElse("").equals("ingress"));
            ZipkinTraces.ZipkinSpan backend = only(trace, x -> "payment-backend".equals(x.service()));
            assertThat(root.parentId()).isNull();
            assertThat(egress.parentId()).isEqualTo(root.id());
            assertThat(ingress.parentId()).isEqualTo(egress.id());
            assertThat(backend.parentId()).isEqualTo(ingress.id());
            assertThat(egress.kind()).isEqualTo("CLIENT");
            assertThat(ingress.kind()).isEqualTo("SERVER");
            for (ZipkinTraces.ZipkinSpan hop : List.of(egress, ingress)) {
                assertThat(hop.tags()).as("tags of the %s span", hop.tag("mcw.direction").orElse("?"))
                        .containsEntry("mcw.source_cluster", C2).containsEntry("mcw.destination_cluster", C1)
                        .containsEntry("mcw.service", NS + "/payment").containsEntry("http.response.status_code", "200");
            }
            // the egress names the destination's policy; the tunnel it took (business, or internet after a failover
            // on a loaded machine) is the one the ingress saw the request arrive on
            assertThat(egress.tags()).containsEntry("mcw.policy", HIGH).containsKey("mcw.tunnel_rtt_ms");
            assertThat(egress.tag("mcw.tunnel")).isPresent().get().isIn("business", "internet");
            assertThat(ingress.tag("mcw.tunnel")).isEqualTo(egress.tag("mcw.tunnel"));
            assertThat(ingress.tag("mcw.tunnel_port")).isEqualTo(egress.tag("mcw.tunnel_port"));
            assertThat(Double.parseDouble(egress.tags().get("mcw.tunnel_rtt_ms"))).isPositive();
        }
    }

    private static ZipkinTraces.ZipkinSpan only(List<ZipkinTraces.ZipkinSpan> trace,
            java.util.function.Predicate<ZipkinTraces.ZipkinSpan> which) {
        List<ZipkinTraces.ZipkinSpan> found = trace.stream().filter(which).toList();
        assertThat(found).as("spans of the trace: %s", trace).hasSize(1);
        return found.get(0);
    }

    @Test
    @Order(7)
    void zipkinHasTheSpansOfEveryService() {
        URI zipkin = sandbox.zipkinUrl().orElseThrow();
        await("every service in Zipkin").untilAsserted(() -> assertThat(getJson(zipkin.resolve("/api/v2/services")))
                .extracting(JsonNode::asText).containsAll(SandboxOptions.ALL_SERVICES));
    }

    @Test
    @Order(8)
    void stoppingTheSandboxStopsPrometheusAndZipkin() throws InterruptedException {
        // Given
        URI prometheusUrl = sandbox.prometheusUrl().orElseThrow();
        URI zipkinUrl = sandbox.zipkinUrl().orElseThrow();
        List<ProcessHandle> backends = ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(c -> c.contains("zipkin-server-exec.jar") || c.contains("--config.file=" + sandbox.workDir()))
                .orElse(false)).toList();
        assertThat(backends).hasSize(2);

        // When
        load.stop();
        sandbox.close();

        // Then
        await("Prometheus and Zipkin gone").atMost(Duration.ofSeconds(30)).until(() -> backends.stream()
                .noneMatch(ProcessHandle::isAlive));
        assertThat(listens(prometheusUrl)).as("something listens on " + prometheusUrl).isFalse();
        assertThat(listens(zipkinUrl)).as("something listens on " + zipkinUrl).isFalse();
    }

    // --- what the checks read -------------------------------------------------------------------------------------

    /** Each panel query that returns no number in one of the views, with where it is and what was sent. */
    private static List<String> withoutData(List<PanelQuery> queries) {
        List<String> missing = new ArrayList<>();
        for (PanelQuery query : queries) {
            List<Map<String, String>> views = query.variables().contains("direction")
                    ? List.of(CALLING_CLUSTER, SERVING_CLUSTER)
                    : List.of(CALLING_CLUSTER);
            for (Map<String, String> view : views) {
                String expr = query.expand(view);
                List<Sample> samples = prometheus.query(expr);
                if (samples.stream().noneMatch(Sample::isNumber)) {
                    missing.add(query.where() + " (" + view.get("cluster") + ", " + view.get("direction") + "): "
                            + (samples.isEmpty() ? "no data" : "only NaN") + ": " + expr);
                }
            }
        }
        return missing;
    }

    /** Pending or firing alerts in the steady state, but a failover left from the start-up (see the test). */
    private static List<String> unexpectedSteadyStateAlerts() {
        return prometheus.alerts().stream().filter(a -> !"MCWTunnelFailover".equals(a.name()))
                .map(a -> a.name() + " " + a.state() + " " + a.labels()).toList();
    }

    /** The labels of the firing alerts named {@code name}. */
    private static List<Map<String, String>> firing(String name) {
        return prometheus.alerts().stream().filter(a -> a.name().equals(name) && "firing".equals(a.state()))
                .map(PrometheusApi.Alert::labels).toList();
    }

    /** The tunnel cluster-2's gateway sends the high policy's traffic to cluster-1 over, as Prometheus has it. */
    private static String tunnelInUse() {
        return oneLabel("mcw_gateway_active_tunnel", "tunnel");
    }

    /** Why: PREFERRED, FAILOVER, HOLD_DOWN, SLA_UNMET or ALL_DOWN. */
    private static String choice() {
        return oneLabel("mcw_gateway_tunnel_choice", "kind");
    }

    private static String oneLabel(String gauge, String label) {
        List<Sample> ones = prometheus.query(gauge + "{cluster=\"" + C2 + "\", destination_cluster=\"" + C1
                + "\", policy=\"" + HIGH + "\"} == 1");
        return ones.size() == 1 ? ones.get(0).labels().get(label) : "none of " + ones.size();
    }

    private static double sum(String promql) {
        return prometheus.query("sum(" + promql + ")").stream().mapToDouble(Sample::value).sum();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        Map<String, Object> file = (Map<String, Object>) PrometheusRulesTest.yaml(RepoRoot.find().resolve(
                Observability.RULES));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    private static WanPath business() {
        return sandbox.wan().path(C2, C1, "business");
    }

    /** The egress port cluster-2's gateway listens on for payment; 0 while there is none. */
    private static int egressPort() {
        return Fixtures.serviceImport(sandbox.client(C2), NS, "payment")
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a.get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .filter(a -> !a.isBlank())
                .map(a -> EgressPortAnnotation.parse(a).stream().mapToInt(EgressPort::egressPort).findFirst()
                        .orElse(0))
                .orElse(0);
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + sandbox.address(C2) + ":" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** An HTTP/1.0 GET on a socket of its own (java.net.http speaks 1.1 and 2 only); the status. */
    private static int http10Get(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(sandbox.address(C2), port), 5_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String[] status = answer.split("\r\n", 2)[0].split(" ");
            return status.length >= 2 ? Integer.parseInt(status[1]) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode getJson(URI uri) throws IOException, InterruptedException {
        return new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static boolean listens(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** GETs to payment from cluster-2 on two threads, one after another, for the rates and latencies. */
    private static final class SteadyGets {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong failed = new AtomicLong();
        private final List<Thread> threads = new ArrayList<>();

        private SteadyGets(int port) {
            this.port = port;
        }

        static SteadyGets start(int port) {
            SteadyGets load = new SteadyGets(port);
            for (int i = 0; i < 2; i++) {
                Thread thread = new Thread(load::run, "observability-load-" + i);
                thread.setDaemon(true);
                load.threads.add(thread);
                thread.start();
            }
            return load;
        }

        private void run() {
            long n = 0;
            while (running.get()) {
                try {
                    if (get(port, "/observability/" + Thread.currentThread().getName() + "/" + n++) != 200) {
                        failed.incrementAndGet();
                    }
                    Thread.sleep(50);
                } catch (IOException e) {
                    failed.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            if (running.getAndSet(false)) {
                for (Thread thread : threads) {
                    thread.join(30_000);
                }
                System.out.printf("[observability] steady GETs stopped; %d failed%n", failed.get());
            }
        }
    }
}

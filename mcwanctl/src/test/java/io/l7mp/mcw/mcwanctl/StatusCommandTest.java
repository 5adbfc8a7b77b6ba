package io.l7mp.mcw.mcwanctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.l7mp.mcw.api.grpc.gateway.v1.TunnelSwitchRecord;
import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;

/**
 * {@code status}: cluster-1 exports payment/secure, cluster-2 imports it (with the conditions and
 * {@code status.tunnels} the services write), cluster-2's gateway and telemetry-service answer over real gRPC.
 */
class StatusCommandTest {

    @TempDir
    static Path dir;
    static TestClusters clusters;
    static Cli cli;
    static GrpcApis cluster2Apis;

    @BeforeAll
    static void start() throws Exception {
        clusters = new TestClusters(dir);
        clusters.seed();
        clusters.apply("cluster-2", "{apiVersion: v1, kind: Namespace, metadata: {name: secure}}");
        cli = new Cli(clusters.kubeconfig(), dir);
        assertThat(cli.run("--context", "cluster-1", "export", "payment/secure", "--wan-policy=high").exitCode())
                .isZero();
        clusters.writeStatus("cluster-1", "ServiceExport", "secure", "payment", Map.of("conditions", List.of(
                condition("Valid", "True", "Exported", "exported as cluster-1"),
                condition("WANPolicyResolved", "True", "Resolved", "sd-wan-priority-high: business/31111"))));
        for (String cluster : List.of("cluster-1", "cluster-2")) {
            clusters.apply(cluster, """
                    apiVersion: multicluster.x-k8s.io/v1beta1
                    kind: ServiceImport
                    metadata:
                      name: payment
                      namespace: secure
                      annotations: {mcw.l7mp.io/mc-wan-policy: sd-wan-priority-high}
                    spec:
                      type: ClusterSetIP
                      ips: [10.96.0.20]
                      ports: [{name: http, protocol: TCP, port: 8080}]
                    """);
        }
        clusters.writeStatus("cluster-2", "ServiceImport", "secure", "payment", Map.of(
                "clusters", List.of(Map.of("cluster", "cluster-1")),
                "conditions", List.of(condition("Ready", "True", "Ready", "VIP 10.96.0.20"),
                        condition("WANPolicySatisfied", "False", "SLAViolated",
                                "cluster-1 over internet: latency 120 ms > 100 ms")),
                "tunnels", List.of(Map.of("cluster", "cluster-1", "policy", "sd-wan-priority-high",
                        "preferredTunnel", "business", "tunnel", "internet", "port", 31112, "state", "DEGRADED",
                        "slaSatisfied", false, "reason", "business DOWN (5 probes in a row lost)", "rttMs", 120))));
        cluster2Apis = new GrpcApis();
        cluster2Apis.activeTunnels.add(GrpcApis.activeTunnel("secure/payment", "cluster-1", "internet", 31112,
                "FAILOVER", "business DOWN: 5 probes in a row lost").toBuilder()
                .setLastSwitch(TunnelSwitchRecord.newBuilder().setFromTunnel("business").setToTunnel("internet")
                        .setReason("business DOWN: 5 probes in a row lost").setTime("2026-12-08T10:04:59.5Z"))
                .build());
        cluster2Apis.activeTunnels.add(GrpcApis.activeTunnel("other/billing", "cluster-1", "business", 31111,
                "PREFERRED", "business is healthy"));
        cluster2Apis.tunnels.add(GrpcApis.health("cluster-2", "cluster-1", "business", 31111, TunnelHealth.State.DOWN,
                0, false));
        cluster2Apis.tunnels.add(GrpcApis.health("cluster-2", "cluster-3", "business", 31111, TunnelHealth.State.UP,
                5, true));
    }

    @AfterAll
    static void stop() {
        cluster2Apis.close();
        clusters.close();
    }

    @BeforeEach
    void noProcessesFile() throws Exception {
        Files.deleteIfExists(dir.resolve("processes"));
    }

    @Test
    void tableShowsExportImportsTunnelsLiveViewAndFailover() {
        // When
        Cli.Result result = cli.run("--context", "cluster-1", "status", "payment/secure", "--gateway-admin",
                "cluster-2=" + cluster2Apis.address(), "--telemetry", "cluster-2=" + cluster2Apis.address());

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.out();
        assertThat(out).contains("SERVICEEXPORT secure/payment").containsPattern("cluster-1 +yes +sd-wan-priority-high")
                .containsPattern("cluster-1 +WANPolicyResolved +True +Resolved +sd-wan-priority-high: business/31111");
        assertThat(out).contains("SERVICEIMPORT secure/payment in every context")
                .containsPattern("cluster-2 +yes +ClusterSetIP +10.96.0.20 +cluster-1 +sd-wan-priority-high +<none> "
                        + "+True/Ready +False/SLAViolated")
                .containsPattern("cluster-2 +WANPolicySatisfied +False +SLAViolated +cluster-1 over internet");
        assertThat(out).contains("TUNNELS IN USE").containsPattern(
                "cluster-2 +cluster-1 +sd-wan-priority-high +internet +business +31112 +DEGRADED +120 .*VIOLATED");
        assertThat(out).contains("LIVE (gRPC)").containsPattern(
                "cluster-2 +cluster-1 +sd-wan-priority-high +internet +business +FAILOVER +UP +12.5 +1.25 +0 +met");
        assertThat(out).doesNotContain("other/billing").doesNotContain("cluster-3");
        assertThat(out).containsPattern("cluster-2 +cluster-1 +business +31111 +DOWN");
        assertThat(out).contains("FAILOVER\n  cluster-2 -> cluster-1, policy sd-wan-priority-high: on internet "
                + "instead of business (FAILOVER): business DOWN: 5 probes in a row lost");
        assertThat(out).contains("  last switch cluster-2 -> cluster-1, policy sd-wan-priority-high: business -> "
                + "internet at 2026-12-08T10:04:59.5Z: business DOWN: 5 probes in a row lost");
        // cluster-1 imports too, but no gRPC address is known for it: nothing to say there
        assertThat(out).doesNotContain("cluster-1 gateway:");
    }

    @Test
    void jsonAndYamlCarryTheWholeReport() {
        Cli.Result json = cli.run("--context", "cluster-1", "status", "payment/secure", "-o", "json",
                "--gateway-admin", "cluster-2=" + cluster2Apis.address());
        Cli.Result yaml = cli.run("--context", "cluster-1", "status", "payment", "-n", "secure", "-o", "yaml");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"service\" : \"payment\"")
                .contains("\"type\" : \"WANPolicySatisfied\"").contains("\"kind\" : \"FAILOVER\"")
                .contains("\"telemetryError\" : \"no address: pass --telemetry cluster-2=HOST:PORT\"");
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).contains("service: payment").contains("namespace: secure")
                .contains("preferredTunnel: business").contains("tunnel: internet");
    }

    @Test
    void sandboxProcessesFileNextToTheKubeconfigGivesTheGrpcAddresses() throws Exception {
        // Given: what bin/sandbox writes next to its kubeconfig (this JVM's pid stands for live services)
        long pid = ProcessHandle.current().pid();
        Files.writeString(dir.resolve("processes"), "cluster-2/gateway-service " + pid + " " + cluster2Apis.port()
                + "\ncluster-2/telemetry-service " + pid + " " + cluster2Apis.port()
                + "\ncluster-1/gateway-service 999999999 1\n");

        // When
        Cli.Result result = cli.run("--context", "cluster-2", "status", "payment/secure");

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("cluster-2 +cluster-1 +sd-wan-priority-high +internet +business +FAILOVER")
                .containsPattern("cluster-2 +cluster-1 +business +31111 +DOWN")
                .doesNotContain("cluster-1 gateway:");
    }

    @Test
    void anUnreachableGatewayIsReportedAndTheRestStillShown() {
        int port;
        try (GrpcApis gone = new GrpcApis()) {
            port = gone.port();
        }

        Cli.Result result = cli.run("--context", "cluster-1", "status", "payment/secure", "--gateway-admin",
                "cluster-2=127.0.0.1:" + port);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("cluster-2 gateway: GatewayAdmin.ListActiveTunnels at 127.0.0.1:" + port)
                .contains("UNAVAILABLE")
                // without the gateway's view, the failover comes from status.tunnels
                .contains("cluster-2 -> cluster-1, policy sd-wan-priority-high: on internet instead of business: "
                        + "business DOWN (5 probes in a row lost)");
    }

    @Test
    void anUnreachableContextIsShownAsUnknownAndTheOthersAnswer() {
        Cli.Result result = new Cli(clusters.kubeconfigWithUnreachableContext(), dir).run("--context", "cluster-1",
                "status", "payment/secure");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("gone +unknown: cannot reach the API server of context 'gone'")
                .containsPattern("cluster-2 +yes +ClusterSetIP");
    }

    @Test
    void theSelectedContextUnreachableIsAFailure() {
        Cli.Result result = new Cli(clusters.kubeconfigWithUnreachableContext(), dir).run("--context", "gone",
                "status", "payment/secure");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cannot reach the API server of context 'gone'");
    }

    @Test
    void aServiceNobodyExportsOrImportsIsAnError() {
        Cli.Result result = cli.run("--context", "cluster-1", "status", "billing/secure");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("secure/billing is neither exported nor imported in any context")
                .contains("mcwanctl --context cluster-1 export billing/secure --wan-policy=P");
    }

    private static Map<String, Object> condition(String type, String status, String reason, String message) {
        return Map.of("type", type, "status", status, "reason", reason, "message", message, "lastTransitionTime",
                "2026-12-08T10:00:00Z");
    }
}

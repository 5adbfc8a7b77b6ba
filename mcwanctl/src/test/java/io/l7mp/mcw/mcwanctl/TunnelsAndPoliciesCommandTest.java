package io.l7mp.mcw.mcwanctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.l7mp.mcw.api.grpc.telemetry.v1.TunnelHealth;

/** {@code policies} against the API server stand-in and {@code tunnels} against a real gRPC server on loopback. */
class TunnelsAndPoliciesCommandTest {

    @TempDir
    static Path dir;
    static TestClusters clusters;
    static Cli cli;
    static GrpcApis telemetry;

    @BeforeAll
    static void start() {
        clusters = new TestClusters(dir);
        clusters.seed();
        cli = new Cli(clusters.kubeconfig(), dir);
        telemetry = new GrpcApis();
    }

    @AfterAll
    static void stop() {
        telemetry.close();
        clusters.close();
    }

    @BeforeEach
    void tunnels() {
        telemetry.tunnels.clear();
        telemetry.changes.clear();
        telemetry.tunnels.add(GrpcApis.health("cluster-2", "cluster-1", "business", 31111, TunnelHealth.State.UP, 12.5,
                true));
        telemetry.tunnels.add(GrpcApis.health("cluster-2", "cluster-1", "internet", 31112, TunnelHealth.State.DEGRADED,
                120, false));
    }

    @Test
    void policiesTableShowsTunnelPortSlaAndAcceptance() {
        // Given
        clusters.writeStatus("cluster-1", "WANPolicy", null, "sd-wan-priority-high", java.util.Map.of("conditions",
                java.util.List.of(java.util.Map.of("type", "Accepted", "status", "True", "reason", "Valid",
                        "message", "ok", "lastTransitionTime", "2026-12-08T10:00:00Z"))));

        // When
        Cli.Result result = cli.run("--context", "cluster-1", "policies");

        // Then
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).first().asString().startsWith("NAME").contains("TUNNEL").contains("PORT")
                .contains("LATENCY-MS").contains("ACCEPTED");
        assertThat(result.out()).containsPattern("sd-wan-priority-high +business +31111 +100 +50 +1 ")
                .containsPattern("sd-wan-priority-high .* True +Valid")
                .containsPattern("sd-wan-priority-low +internet +31112 +300 +100 +5 ");
    }

    @Test
    void policiesAsJsonAndYaml() {
        Cli.Result json = cli.run("--context", "cluster-2", "policies", "-o", "json");
        Cli.Result yaml = cli.run("--context", "cluster-2", "policies", "-o", "yaml");

        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).startsWith("[").contains("\"name\" : \"sd-wan-priority-high\"")
                .contains("\"port\" : 31111").contains("\"latencyMs\" : 100.0");
        assertThat(yaml.exitCode()).isZero();
        assertThat(yaml.out()).contains("- name: sd-wan-priority-low").contains("tunnel: internet")
                .contains("port: 31112");
    }

    @Test
    void tunnelsTableFromListTunnels() {
        Cli.Result result = cli.run("--context", "cluster-2", "tunnels", "--telemetry", telemetry.address());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out().lines()).first().asString().startsWith("SOURCE").contains("RTT-MS").contains("SLA");
        assertThat(result.out())
                .containsPattern("cluster-2 +cluster-1 +business +31111 +UP +12.5 +18.75 +1.25 +0 +sd-wan-priority-high:ok")
                .containsPattern(
                        "internet +31112 +DEGRADED +120 .*sd-wan-priority-high:VIOLATED\\(latency 120.0 ms > 100 ms\\)");
    }

    @Test
    void tunnelsAsJsonAndYaml() {
        Cli.Result json = cli.run("--context", "cluster-2", "tunnels", "--telemetry", telemetry.address(), "-o",
                "json");
        Cli.Result yaml = cli.run("--context", "cluster-2", "tunnels", "--telemetry", "cluster-2=" + telemetry.address(),
                "-o", "yaml");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).contains("\"key\" : \"cluster-2/cluster-1/business\"").contains("\"state\" : \"UP\"")
                .contains("\"rttMs\" : 12.5");
        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).contains("key: cluster-2/cluster-1/internet").contains("state: DEGRADED")
                .contains("satisfied: false");
    }

    @Test
    void watchPrintsTheSnapshotThenEveryChangeUntilTheStreamEnds() {
        // Given
        telemetry.changes.add(io.l7mp.mcw.api.grpc.telemetry.v1.TunnelUpdate.newBuilder()
                .setHealth(GrpcApis.health("cluster-2", "cluster-1", "business", 31111, TunnelHealth.State.DOWN, 0,
                        false))
                .build());
        telemetry.changes.add(GrpcApis.removed("cluster-2/cluster-1/internet"));

        // When
        Cli.Result table = cli.run("--context", "cluster-2", "tunnels", "--watch", "--telemetry", telemetry.address());
        Cli.Result json = cli.run("--context", "cluster-2", "tunnels", "-w", "-o", "json", "--telemetry",
                telemetry.address());

        // Then
        assertThat(table.exitCode()).as(table.toString()).isZero();
        assertThat(table.out().lines()).hasSize(5);
        assertThat(table.out()).containsPattern("snapshot +cluster-2 +cluster-1 +business .*UP")
                .containsPattern("change +cluster-2 +cluster-1 +business .*DOWN")
                .contains("removed    cluster-2/cluster-1/internet");
        assertThat(table.err()).contains("ended the watch");
        assertThat(json.out().lines()).hasSize(4).allMatch(line -> line.startsWith("{") && line.endsWith("}"));
        assertThat(json.out().lines().toList().get(3)).contains("\"removedKey\":\"cluster-2/cluster-1/internet\"");
    }

    @Test
    void tunnelsWithoutAnAddressSaysHowToGiveOne() {
        Cli.Result result = cli.run("--context", "cluster-2", "tunnels");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no telemetry-service address for context 'cluster-2'")
                .contains("--telemetry HOST:PORT");
    }

    @Test
    void unreachableTelemetryIsAFailureNamingTheAddress() {
        // Given: a port nothing listens on
        int port;
        try (GrpcApis gone = new GrpcApis()) {
            port = gone.port();
        }

        // When
        Cli.Result result = cli.run("--context", "cluster-2", "tunnels", "--telemetry", "127.0.0.1:" + port);

        // Then
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("TunnelTelemetry.ListTunnels at 127.0.0.1:" + port)
                .contains("UNAVAILABLE").contains("is the service running there?");
    }

    @Test
    void badTelemetryAddressIsAUsageError() {
        Cli.Result result = cli.run("--context", "cluster-2", "tunnels", "--telemetry", "127.0.0.1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--telemetry 127.0.0.1").contains("has no port");
    }
}

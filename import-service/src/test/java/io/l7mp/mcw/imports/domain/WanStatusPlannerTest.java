package io.l7mp.mcw.imports.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.mcs.ClusterBackend;

/**
 * The rules of {@code WANPolicySatisfied} (see {@link WanStatusPlanner}), one row per situation, as cluster-2 sees
 * its imports; and the {@code status.tunnels} entries they come with.
 */
class WanStatusPlannerTest {
    private static final String HERE = "cluster-2";
    private static final String HIGH = "sd-wan-priority-high";
    private static final String LOW = "sd-wan-best-effort";
    private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
    private static final String LATENCY = "latency 120 ms > 100 ms";

    static Stream<Arguments> conditionRules() {
        return Stream.of(
                row("nothing reported yet", List.of(exporter("cluster-1", HIGH)), List.of(), null,
                        ImportCondition.Status.UNKNOWN, "NotMeasured",
                        "the gateway of cluster-2 has not reported the tunnels it uses yet"),
                row("the gateway's verdict when no probe measured the tunnel",
                        List.of(exporter("cluster-1", HIGH)), List.of(),
                        gateway(active("cluster-1", HIGH, "business", 31111, true)),
                        ImportCondition.Status.TRUE, "SLASatisfied",
                        "the tunnels in use meet the SLA of their WAN policy: cluster-1 over business ("
                                + HIGH + ")"),
                row("tunnel in use, neither gateway nor probes judged it",
                        List.of(exporter("cluster-1", HIGH)), List.of(),
                        gateway(active("cluster-1", HIGH, "business", 31111, null)),
                        ImportCondition.Status.UNKNOWN, "NotMeasured", "cluster-1 over business: not measured yet"),
                row("probed and satisfied", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(HIGH))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true)),
                        ImportCondition.Status.TRUE, "SLASatisfied", "cluster-1 over business (" + HIGH + ")"),
                row("a violation the gateway has not acted on (its verdict is older)",
                        List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DEGRADED, violated(HIGH, LATENCY))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true)),
                        ImportCondition.Status.FALSE, "SLAViolated",
                        "cluster-1 over business breaks the SLA of " + HIGH + ": " + LATENCY
                                + " (rtt 120 ms, jitter 4.2 ms, loss 0 %)"),
                row("a recovery the gateway has not reported", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(HIGH))),
                        gateway(active("cluster-1", HIGH, "business", 31111, false)),
                        ImportCondition.Status.TRUE, "SLASatisfied", "cluster-1 over business"),
                row("the gateway's violation when the probes know nothing yet", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UNKNOWN)),
                        gateway(active("cluster-1", HIGH, "business", 31111, false)),
                        ImportCondition.Status.FALSE, "SLAViolated",
                        "cluster-1 over business does not meet the SLA of " + HIGH + " as the gateway judges it"),
                row("the tunnel in use is down, another is up", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DOWN, violated(HIGH, "loss 100 % > 1 %")),
                                health("cluster-1", "premium", TunnelState.UP, satisfied(HIGH))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true)),
                        ImportCondition.Status.FALSE, "SLAViolated",
                        "cluster-1 over business is DOWN (5 probes in a row lost)"),
                row("every tunnel down", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DOWN),
                                health("cluster-1", "premium", TunnelState.DOWN)),
                        gateway(active("cluster-1", HIGH, "business", 31111, false)),
                        ImportCondition.Status.FALSE, "AllTunnelsDown",
                        "every tunnel from cluster-2 to cluster-1 is down: business (5 probes in a row lost), "
                                + "premium (5 probes in a row lost)"),
                row("every tunnel down before the gateway reported", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DOWN)), null,
                        ImportCondition.Status.FALSE, "AllTunnelsDown",
                        "every tunnel from cluster-2 to cluster-1 is down"),
                row("probed, but the policy's SLA not judged", List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(LOW))),
                        gateway(active("cluster-1", HIGH, "business", 31111, null)),
                        ImportCondition.Status.UNKNOWN, "NotMeasured",
                        "cluster-1 over business: the probes have not judged the SLA of " + HIGH + " yet"),
                row("the gateway's violation when the probes did not judge the policy",
                        List.of(exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(LOW))),
                        gateway(active("cluster-1", HIGH, "business", 31111, false)),
                        ImportCondition.Status.FALSE, "SLAViolated",
                        "cluster-1 over business does not meet the SLA of " + HIGH + " as the gateway judges it"),
                row("the gateway has no tunnel for the destination", List.of(exporter("cluster-1", HIGH)),
                        List.of(), gateway(active("cluster-3", HIGH, "business", 31111, true)),
                        ImportCondition.Status.UNKNOWN, "NotMeasured",
                        "the gateway of cluster-2 reports no tunnel to cluster-1 for WAN policy " + HIGH),
                row("only this cluster exports", List.of(exporter(HERE, HIGH)), List.of(), null,
                        ImportCondition.Status.TRUE, "NoWANPath",
                        "the only exporting cluster is cluster-2 itself: the traffic crosses no WAN tunnel"),
                row("this cluster is not judged next to a remote one",
                        List.of(exporter(HERE, HIGH), exporter("cluster-1", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(HIGH))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true)),
                        ImportCondition.Status.TRUE, "SLASatisfied",
                        "the tunnels in use meet the SLA of their WAN policy: cluster-1 over business (" + HIGH
                                + ")"),
                row("one satisfied, one not measured: Unknown",
                        List.of(exporter("cluster-1", HIGH), exporter("cluster-3", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(HIGH))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true),
                                active("cluster-3", HIGH, "business", 31111, null)),
                        ImportCondition.Status.UNKNOWN, "NotMeasured", "cluster-3 over business: not measured yet"),
                row("one violated, one not measured: False",
                        List.of(exporter("cluster-1", HIGH), exporter("cluster-3", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DEGRADED, violated(HIGH, LATENCY))),
                        gateway(active("cluster-1", HIGH, "business", 31111, false),
                                active("cluster-3", HIGH, "business", 31111, null)),
                        ImportCondition.Status.FALSE, "SLAViolated", "cluster-1 over business breaks the SLA"),
                row("one violated, one all down: both named, all down first",
                        List.of(exporter("cluster-1", HIGH), exporter("cluster-3", HIGH)),
                        List.of(health("cluster-1", "business", TunnelState.DEGRADED, violated(HIGH, LATENCY)),
                                health("cluster-3", "business", TunnelState.DOWN)),
                        gateway(active("cluster-1", HIGH, "business", 31111, false),
                                active("cluster-3", HIGH, "business", 31111, false)),
                        ImportCondition.Status.FALSE, "AllTunnelsDown",
                        "every tunnel from cluster-2 to cluster-3 is down: business (5 probes in a row lost); "
                                + "cluster-1 over business breaks the SLA of " + HIGH + ": " + LATENCY),
                row("each exporter is judged on its own policy (WAN policy conflict)",
                        List.of(exporter("cluster-1", HIGH), exporter("cluster-3", LOW)),
                        List.of(health("cluster-1", "business", TunnelState.UP, satisfied(HIGH)),
                                health("cluster-3", "internet", TunnelState.UP, satisfied(LOW))),
                        gateway(active("cluster-1", HIGH, "business", 31111, true),
                                active("cluster-3", LOW, "internet", 31113, true)),
                        ImportCondition.Status.TRUE, "SLASatisfied",
                        "cluster-1 over business (" + HIGH + "), cluster-3 over internet (" + LOW + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionRules")
    void conditionFollowsTheRules(String situation, List<ClusterBackend> exporters, List<TunnelHealthEvent> health,
            GatewayEvent gateway, ImportCondition.Status status, String reason, String message) {
        // Given
        WanReports reports = WanReports.of(HERE, health, gateway);

        // When
        ImportCondition condition = WanStatusPlanner.plan(HERE, exporters, reports).condition();

        // Then
        assertThat(condition.type()).isEqualTo("WANPolicySatisfied");
        assertThat(condition.status()).as(situation).isEqualTo(status);
        assertThat(condition.reason()).as(situation).isEqualTo(reason);
        assertThat(condition.message()).as(situation).contains(message);
    }

    @Test
    void entriesShowTheTunnelInUseWithItsFiguresSortedByCluster() {
        // Given: cluster-3 failed over to premium; cluster-2 exports too
        WanReports reports = WanReports.of(HERE,
                List.of(health("cluster-3", "business", TunnelState.DOWN),
                        health("cluster-3", "premium", TunnelState.UP, satisfied(HIGH)),
                        health("cluster-1", "business", TunnelState.DEGRADED, violated(HIGH, LATENCY))),
                gateway(new ActiveTunnel("cluster-3", HIGH, "business", "premium", 31112, true,
                        "business DOWN: 5 probes in a row lost"), active("cluster-1", HIGH, "business", 31111, true)));

        // When
        List<ImportTunnel> tunnels = WanStatusPlanner
                .plan(HERE, List.of(exporter("cluster-3", HIGH), exporter(HERE, HIGH), exporter("cluster-1", HIGH)),
                        reports)
                .tunnels();

        // Then
        assertThat(tunnels).extracting(ImportTunnel::cluster, ImportTunnel::preferredTunnel, ImportTunnel::tunnel,
                ImportTunnel::port, ImportTunnel::state, ImportTunnel::slaSatisfied, ImportTunnel::reason,
                ImportTunnel::rttMs, ImportTunnel::jitterMs, ImportTunnel::lossPercent).containsExactly(
                        tuple("cluster-1", "business", "business", 31111, TunnelState.DEGRADED, false,
                                "breaks the SLA of " + HIGH + ": " + LATENCY, 120.0, 4.2, 0.0),
                        tuple(HERE, "business", null, null, null, null,
                                "this cluster: its traffic crosses no WAN tunnel", null, null, null),
                        tuple("cluster-3", "business", "premium", 31112, TunnelState.UP, true,
                                "business DOWN: 5 probes in a row lost", 120.0, 4.2, 0.0));
        assertThat(tunnels).allSatisfy(t -> assertThat(t.policy()).isEqualTo(HIGH));
    }

    @Test
    void unmeasuredTunnelHasNoFigures() {
        // Given
        WanReports reports = WanReports.of(HERE, List.of(health("cluster-1", "business", TunnelState.UNKNOWN)),
                gateway(active("cluster-1", HIGH, "business", 31111, null)));

        // When
        ImportTunnel tunnel = WanStatusPlanner.plan(HERE, List.of(exporter("cluster-1", HIGH)), reports).tunnels()
                .get(0);

        // Then
        assertThat(tunnel.state()).isEqualTo(TunnelState.UNKNOWN);
        assertThat(tunnel.slaSatisfied()).isNull();
        assertThat(tunnel.rttMs()).isNull();
        assertThat(tunnel.lossPercent()).isNull();
    }

    @Test
    void otherClustersReportsAndGatewaysDoNotCount() {
        // Given: cluster-1 probes cluster-3, and cluster-1's gateway reports; neither is this cluster's
        TunnelHealthEvent fromElsewhere = new TunnelHealthEvent("cluster-1", "cluster-3", "business", "10.0.3.1",
                31111, TunnelState.UP, "answered", figures(), List.of(satisfied(HIGH)), T0, T0);
        GatewayEvent elsewhere = new GatewayEvent("cluster-1", GatewayEvent.ROUTES_APPLIED, T0, null,
                List.of(active("cluster-3", HIGH, "business", 31111, true)), 1);

        // When
        WanReports reports = WanReports.of(HERE, List.of(fromElsewhere), elsewhere);

        // Then
        assertThat(reports).isEqualTo(WanReports.NONE);
        assertThat(WanStatusPlanner.plan(HERE, List.of(exporter("cluster-3", HIGH)), reports).condition().status())
                .isEqualTo(ImportCondition.Status.UNKNOWN);
    }

    @Test
    void republishedReportWithNewTimesIsTheSameReading() {
        // Given
        TunnelHealthEvent first = health("cluster-1", "business", TunnelState.UP, satisfied(HIGH));
        TunnelHealthEvent again = new TunnelHealthEvent(first.sourceCluster(), first.destinationCluster(),
                first.tunnel(), first.address(), first.port(), first.state(), first.reason(),
                new TunnelFigures(120.0, 190.0, 4.2, 0.0, 731), first.sla(), T0.plusSeconds(60), T0.plusSeconds(61));

        // When, Then
        assertThat(TunnelReading.of(again)).isEqualTo(TunnelReading.of(first));
    }

    private static Arguments row(String situation, List<ClusterBackend> exporters, List<TunnelHealthEvent> health,
            GatewayEvent gateway, ImportCondition.Status status, String reason, String message) {
        return Arguments.of(situation, exporters, health, gateway, status, reason, message);
    }

    private static ClusterBackend exporter(String cluster, String policy) {
        ExportedPolicy exported = HIGH.equals(policy)
                ? new ExportedPolicy(HIGH, "business", 31111, new Sla(100.0, 50.0, 1.0), null)
                : new ExportedPolicy(policy, "internet", 31113, Sla.BEST_EFFORT, null);
        return new ClusterBackend(cluster, "10.0.9.1", exported, 1, T0);
    }

    private static TunnelHealthEvent health(String destination, String tunnel, TunnelState state,
            SlaVerdict... verdicts) {
        String reason = state == TunnelState.DOWN ? "5 probes in a row lost" : "answered";
        List<SlaVerdict> sla = state == TunnelState.DOWN && verdicts.length == 0
                ? List.of(new SlaVerdict(HIGH, false, List.of("loss 100 % > 1 %")))
                : List.of(verdicts);
        TunnelFigures figures = state == TunnelState.UNKNOWN ? TunnelFigures.NONE : figures();
        return new TunnelHealthEvent(HERE, destination, tunnel, "10.0.9.1", 31111, state, reason, figures, sla, T0,
                T0.plusSeconds(5));
    }

    private static TunnelFigures figures() {
        return new TunnelFigures(120.0, 180.0, 4.2, 0.0, 500);
    }

    private static SlaVerdict satisfied(String policy) {
        return new SlaVerdict(policy, true, List.of());
    }

    private static SlaVerdict violated(String policy, String violation) {
        return new SlaVerdict(policy, false, List.of(violation));
    }

    private static ActiveTunnel active(String destination, String policy, String tunnel, int port, Boolean satisfied) {
        return new ActiveTunnel(destination, policy, tunnel, tunnel, port, satisfied,
                satisfied == null ? "not measured" : tunnel + " is healthy");
    }

    private static GatewayEvent gateway(ActiveTunnel... active) {
        return new GatewayEvent(HERE, GatewayEvent.ROUTES_APPLIED, T0.plusSeconds(1), null, List.of(active), 3);
    }
}

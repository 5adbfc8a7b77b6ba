package io.l7mp.mcw.telemetry.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The probe counters exist at 0 before their first event (docs/metrics.md), so that {@code increase()} sees it: the
 * ignored datagrams from the start, the refusals of a destination cluster from the first plan that names it.
 */
class TunnelMetricsTest {

    @Test
    void ignoredDatagramsAreRegisteredAtZeroForEveryReasonAtStartUp() {
        // Given
        TunnelMetrics metrics = new TunnelMetrics();
        metrics.registry = new SimpleMeterRegistry();

        // When
        metrics.registerAtZero();

        // Then
        assertThat(counter(metrics, "mcw_tunnel_datagrams_ignored_total", "reason", "undecodable").count()).isZero();
        assertThat(counter(metrics, "mcw_tunnel_datagrams_ignored_total", "reason", "unknown_sender").count())
                .isZero();
        assertThat(metrics.registry.find("mcw_tunnel_probe_refused_total").counters()).isEmpty();
    }

    @Test
    void refusalsOfADestinationClusterAreRegisteredAtZeroByThePlanThatNamesIt() {
        // Given
        TunnelMetrics metrics = new TunnelMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.registerAtZero();

        // When
        metrics.planned(List.of(target("cluster-2", "business"), target("cluster-2", "internet"),
                target("cluster-3", "business")));

        // Then: one counter per destination cluster, at 0; a refusal counts on it
        assertThat(counter(metrics, "mcw_tunnel_probe_refused_total", "destination_cluster", "cluster-2").count())
                .isZero();
        assertThat(counter(metrics, "mcw_tunnel_probe_refused_total", "destination_cluster", "cluster-3").count())
                .isZero();
        assertThat(metrics.registry.find("mcw_tunnel_probe_refused_total").counters()).hasSize(2);
        metrics.refused("cluster-3");
        assertThat(counter(metrics, "mcw_tunnel_probe_refused_total", "destination_cluster", "cluster-3").count())
                .isEqualTo(1.0);
    }

    private static ProbeTarget target(String destination, String tunnel) {
        return new ProbeTarget(destination, tunnel, "10.0.2.1", 31111, List.of());
    }

    private static Counter counter(TunnelMetrics metrics, String name, String... tags) {
        Counter counter = metrics.registry.find(name).tags(tags).counter();
        assertThat(counter).as(name + " " + String.join(",", tags)).isNotNull();
        return counter;
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The counters whose label values are known up front exist at 0 from the start (docs/metrics.md), so that
 * {@code increase()} and {@code rate()} see their first event.
 */
class TrafficMetricsTest {

    @Test
    void handoversAndUpstreamConnectionsAreRegisteredAtZeroBeforeAnyTraffic() {
        // Given
        TrafficMetrics metrics = new TrafficMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.holder = new RouteTableHolder();

        // When: the bean starts
        metrics.registerGauges();

        // Then: every direction and reason of a hand-over, every upstream protocol, at 0
        for (String direction : new String[] { TrafficMetrics.INGRESS, TrafficMetrics.EGRESS }) {
            for (String reason : Http1Relay.HANDOVER_REASONS) {
                assertThat(counter(metrics, "mcw_gateway_relay_handovers_total", "direction", direction, "reason",
                        reason).count()).as(direction + " " + reason).isZero();
            }
        }
        assertThat(metrics.registry.find("mcw_gateway_relay_handovers_total").counters()).hasSize(10);
        assertThat(counter(metrics, "mcw_gateway_upstream_connections_opened_total", "protocol", "http/1.1").count())
                .isZero();
        assertThat(counter(metrics, "mcw_gateway_upstream_connections_opened_total", "protocol", "h2c").count())
                .isZero();
    }

    @Test
    void aHandoverCountsOnTheCounterRegisteredAtZero() {
        // Given
        TrafficMetrics metrics = new TrafficMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.holder = new RouteTableHolder();
        metrics.registerGauges();

        // When
        metrics.relayHandedOver(TrafficMetrics.EGRESS, Http1Relay.reasonTag("HTTP/1.0 request"));
        metrics.upstreamConnectionOpened(TrafficMetrics.H2C);

        // Then
        assertThat(counter(metrics, "mcw_gateway_relay_handovers_total", "direction", "egress", "reason", "http1_0")
                .count()).isEqualTo(1.0);
        assertThat(counter(metrics, "mcw_gateway_upstream_connections_opened_total", "protocol", "h2c").count())
                .isEqualTo(1.0);
        assertThat(metrics.registry.find("mcw_gateway_relay_handovers_total").counters()).hasSize(10);
    }

    private static Counter counter(TrafficMetrics metrics, String name, String... tags) {
        Counter counter = metrics.registry.find(name).tags(tags).counter();
        assertThat(counter).as(name + " " + String.join(",", tags)).isNotNull();
        return counter;
    }
}

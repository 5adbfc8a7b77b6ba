package io.l7mp.mcw.gateway.adapter.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpVersion;

/**
 * The data plane's metrics: requests and their duration per direction, clusters, service, policy and tunnel port;
 * bytes; open connections; the version of the route table in force.
 */
// @Singleton, not @ApplicationScoped: it is called on every request, and a client proxy costs a context lookup
@Singleton
public class TrafficMetrics {
    public static final String INGRESS = "ingress";
    public static final String EGRESS = "egress";
    /** Upstream protocols, as the {@code protocol} tag of {@code mcw_gateway_upstream_connections_opened_total}. */
    public static final String H2C = "h2c";
    public static final String HTTP1 = "http/1.1";

    @Inject
    MeterRegistry registry;

    @Inject
    RouteTableHolder holder;

    private final Map<String, AtomicLong> open = new ConcurrentHashMap<>();
    /**
     * The meters of each flow and status, looked up once: building tags and registering per request costs more
     * than the rest of the bookkeeping together. Bounded by the flows the route table allows times the statuses seen.
     */
    private final Map<FlowStatus, Meters> meters = new ConcurrentHashMap<>();
    private final Map<Flow, Counter> byteCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> upstreamConnections = new ConcurrentHashMap<>();
    /** Requests received by HTTP version (indexed by ordinal), registered up front: counted on every request. */
    private Counter[] ingressByVersion;
    private Counter[] egressByVersion;
    private Counter ingressRelayed;
    private Counter egressRelayed;
    private Counter dialRefused;
    private Counter probesEchoed;
    private Counter probesIgnored;
    private Counter closedForPathDown;
    private final Map<Handover, Counter> handovers = new ConcurrentHashMap<>();

    /** A key looked up on every request: equals and hashCode written out, as for {@link Flow}. */
    private record FlowStatus(Flow flow, int code) {
        @Override
        public boolean equals(Object other) {
            return other instanceof FlowStatus s && code == s.code && flow.equals(s.flow);
        }

        @Override
        public int hashCode() {
            return flow.hashCode() * 31 + code;
        }
    }

    private record Meters(Counter requests, Timer duration) {
    }

    private record Handover(String direction, String reason) {
    }

    @PostConstruct
    void registerGauges() {
        for (String direction : new String[] { INGRESS, EGRESS }) {
            AtomicLong count = new AtomicLong();
            open.put(direction, count);
            registry.gauge("mcw_gateway_open_connections", Tags.of("direction", direction), count);
        }
        registry.gauge("mcw_gateway_route_table_version", holder, RouteTableHolder::version);
        ingressByVersion = byVersion(INGRESS);
        egressByVersion = byVersion(EGRESS);
        ingressRelayed = relayedCounter(INGRESS);
        egressRelayed = relayedCounter(EGRESS);
        dialRefused = Counter.builder("mcw_gateway_dial_refused_total")
                .description("Connections not opened: the address was outside mcw.network.allowed-cidrs")
                .register(registry);
        probesEchoed = Counter.builder("mcw_gateway_probe_echoes_total")
                .description("Tunnel probes answered on the ingress ports (UDP)").register(registry);
        probesIgnored = Counter.builder("mcw_gateway_probe_ignored_total")
                .description("Datagrams on the ingress ports that were not tunnel probes, dropped unanswered")
                .register(registry);
        closedForPathDown = Counter.builder("mcw_gateway_path_down_closed_connections_total")
                .description("Connections to peer gateways the gateway closed because their tunnel went down")
                .register(registry);
        // at 0 for every label value they can have, so that increase() sees their first event
        for (String protocol : new String[] { HTTP1, H2C }) {
            upstreamConnectionsCounter(protocol);
        }
        for (String direction : new String[] { INGRESS, EGRESS }) {
            for (String reason : Http1Relay.HANDOVER_REASONS) {
                handoverCounter(direction, reason);
            }
        }
    }

    /** A connection was not opened: its address is outside the allowed ranges. */
    public void dialRefused() {
        dialRefused.increment();
    }

    /** A tunnel probe was echoed ({@code true}) or a datagram that is none was dropped. */
    public void probe(boolean echoed) {
        (echoed ? probesEchoed : probesIgnored).increment();
    }

    /** {@code count} connections to a peer gateway were closed because their tunnel went down. */
    public void closedForPathDown(int count) {
        closedForPathDown.increment(count);
    }

    private Counter relayedCounter(String direction) {
        return Counter.builder("mcw_gateway_relayed_requests_total").tag("direction", direction)
                .description("Requests the HTTP/1.1 relay served itself, without the full HTTP server")
                .register(registry);
    }

    private Counter[] byVersion(String direction) {
        Counter[] counters = new Counter[HttpVersion.values().length];
        for (HttpVersion version : HttpVersion.values()) {
            String protocol = version == HttpVersion.HTTP_2 ? H2C : version == HttpVersion.HTTP_1_0 ? "http/1.0" : HTTP1;
            counters[version.ordinal()] = Counter.builder("mcw_gateway_requests_by_protocol_total")
                    .tag("direction", direction).tag("protocol", protocol)
                    .description("Requests received by the data plane's listeners, by protocol").register(registry);
        }
        return counters;
    }

    /**
     * Who talked to whom, over which policy and tunnel port: the tags every traffic metric carries. A key of the meter
     * maps, looked up on every request: equals and hashCode are written out, as the ones generated for a record go
     * through method handles that showed in the profile of a loaded gateway.
     */
    public record Flow(String direction, String sourceCluster, String destinationCluster, ServiceKey service,
            String policy, int tunnelPort) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Flow f && tunnelPort == f.tunnelPort && direction.equals(f.direction)
                    && Objects.equals(sourceCluster, f.sourceCluster)
                    && Objects.equals(destinationCluster, f.destinationCluster) && Objects.equals(service, f.service)
                    && Objects.equals(policy, f.policy);
        }

        @Override
        public int hashCode() {
            int h = direction.hashCode();
            h = h * 31 + Objects.hashCode(sourceCluster);
            h = h * 31 + Objects.hashCode(destinationCluster);
            h = h * 31 + Objects.hashCode(service);
            h = h * 31 + Objects.hashCode(policy);
            return h * 31 + tunnelPort;
        }

        Tags tags() {
            return Tags.of("direction", direction, "source_cluster", text(sourceCluster), "destination_cluster",
                    text(destinationCluster), "service", service == null ? "" : service.toString(), "policy",
                    text(policy), "tunnel_port",
                    tunnelPort <= 0 ? "" : Integer.toString(tunnelPort));
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }

    /** One request finished with {@code code} after {@code elapsed}, having moved {@code bytes} both ways. */
    public void request(Flow flow, int code, Duration elapsed, long bytes) {
        Meters m = meters.computeIfAbsent(new FlowStatus(flow, code), key -> {
            Tags tags = flow.tags();
            return new Meters(Counter.builder("mcw_gateway_requests_total").tags(tags)
                    .tag("code", Integer.toString(code)).register(registry),
                    Timer.builder("mcw_gateway_request_duration_seconds").tags(tags).publishPercentileHistogram()
                            .register(registry));
        });
        m.requests().increment();
        m.duration().record(elapsed);
        bytes(flow, bytes);
    }

    public void bytes(Flow flow, long bytes) {
        if (bytes > 0) {
            byteCounters.computeIfAbsent(flow,
                    f -> Counter.builder("mcw_gateway_bytes_total").tags(f.tags()).register(registry))
                    .increment(bytes);
        }
    }

    /**
     * An upstream connection was opened (to a peer gateway's ingress or a local backend) with {@code protocol}: with
     * h2c between gateways, this grows with tunnels and event loops, not with requests.
     */
    public void upstreamConnectionOpened(String protocol) {
        upstreamConnectionsCounter(protocol).increment();
    }

    private Counter upstreamConnectionsCounter(String protocol) {
        return upstreamConnections.computeIfAbsent(protocol,
                p -> Counter.builder("mcw_gateway_upstream_connections_opened_total").tag("protocol", p)
                        .description("HTTP connections the gateway opened to upstreams, by protocol")
                        .register(registry));
    }

    /**
     * A request arrived on a listener of {@code direction} in {@code version}: on the ingress side this shows whether
     * the peers' egress gateways carry requests as HTTP/2 streams ({@code mcw.gateway.tunnel-protocol}).
     */
    public void requestReceived(String direction, HttpVersion version) {
        (INGRESS.equals(direction) ? ingressByVersion : egressByVersion)[version.ordinal()].increment();
    }

    /** A request the HTTP/1.1 relay served itself (forwarded or answered) on a listener of {@code direction}. */
    public void relayed(String direction) {
        (INGRESS.equals(direction) ? ingressRelayed : egressRelayed).increment();
    }

    /**
     * The HTTP/1.1 relay handed a connection over to the full HTTP server; {@code reason} is one of a fixed few
     * ({@link Http1Relay#HANDOVER_REASONS}).
     */
    public void relayHandedOver(String direction, String reason) {
        handoverCounter(direction, reason).increment();
    }

    private Counter handoverCounter(String direction, String reason) {
        return handovers.computeIfAbsent(new Handover(direction, reason),
                k -> Counter.builder("mcw_gateway_relay_handovers_total").tag("direction", direction)
                        .tag("reason", reason)
                        .description("Connections the HTTP/1.1 relay handed over to the full HTTP server, by reason")
                        .register(registry));
    }

    public void connectionOpened(String direction) {
        open.get(direction).incrementAndGet();
    }

    public void connectionClosed(String direction) {
        open.get(direction).decrementAndGet();
    }
}

package io.l7mp.mcw.gateway.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelSwitch;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.gateway.adapter.kafka.GatewayEventPublisher;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.TunnelChoice;
import io.l7mp.mcw.gateway.domain.TunnelInputs;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Makes every tunnel switch visible (DESIGN D5): a log line that says why, {@code mcw_gateway_tunnel_switches_total},
 * and a {@code TunnelSwitched} event on {@code mcw.gateway-events.v1} that other teams (and this cluster's
 * import-service, for the ServiceImport status) consume. Every event carries the whole current choice, so the latest
 * one is the gateway's state; it is published again when the set of destinations changes and at least hourly, so a
 * consumer never depends on an event older than the topic's retention. Called on the reconcile thread only.
 */
@ApplicationScoped
public class TunnelSwitches {
    private static final Logger LOGGER = Logger.getLogger(TunnelSwitches.class);
    private static final Duration REPUBLISH = Duration.ofHours(1);

    @Inject
    GatewayEventPublisher publisher;

    @Inject
    MeterRegistry registry;

    @Inject
    ClusterConfig cluster;

    @Inject
    Clock clock;

    /** One switch and when it happened. */
    public record LastSwitch(TunnelSwitch tunnelSwitch, Instant time) {
    }

    private Map<String, TunnelChoice> last;
    /** The latest switch per {@code <destination cluster>/<policy>} since the start. */
    private final Map<String, LastSwitch> lastSwitches = new ConcurrentHashMap<>();
    private Instant lastPublished;
    /** Set on a Kafka thread when a send failed: the next pass publishes the state again. */
    private volatile boolean publishFailed;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> satisfied = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> kinds = new ConcurrentHashMap<>();
    /** The kinds a switch can have (a hold-down keeps the tunnel, it never moves it). */
    private static final List<TunnelChoice.Kind> SWITCH_KINDS = List.of(TunnelChoice.Kind.PREFERRED,
            TunnelChoice.Kind.FAILOVER, TunnelChoice.Kind.SLA_UNMET, TunnelChoice.Kind.ALL_DOWN);
    private final java.util.Set<String> registeredSwitches = ConcurrentHashMap.newKeySet();

    /** Reports what changed from the last table to {@code table}. */
    void report(RouteTable table, long version, Map<PathKey, PathHealth> paths) {
        Map<String, TunnelChoice> now = table.tunnelChoices();
        List<TunnelSwitch> switches = new ArrayList<>();
        if (last != null) {
            now.forEach((key, choice) -> {
                TunnelChoice before = last.get(key);
                if (before != null && !before.active().tunnel().equals(choice.active().tunnel())) {
                    switches.add(switched(before, choice, paths));
                }
            });
        }
        boolean destinationsChanged = last == null || !last.keySet().equals(now.keySet());
        last = now;
        gauges(now);
        List<ActiveTunnel> state = now.values().stream().map(TunnelSwitches::active).toList();
        Instant time = clock.instant();
        for (TunnelSwitch s : switches) {
            lastSwitches.put(TunnelInputs.key(s.destinationCluster(), s.policy()), new LastSwitch(s, time));
            publish(new GatewayEvent(cluster.name(), GatewayEvent.TUNNEL_SWITCHED, time, s, state, version));
        }
        if (switches.isEmpty() && (destinationsChanged || publishFailed || lastPublished == null
                || Duration.between(lastPublished, time).compareTo(REPUBLISH) > 0)) {
            publish(new GatewayEvent(cluster.name(), GatewayEvent.ROUTES_APPLIED, time, null, state, version));
        }
    }

    /** The latest switch of {@code <destination cluster>/<policy>}'s traffic since the start, if any. */
    public Optional<LastSwitch> lastSwitch(String destinationCluster, String policy) {
        return Optional.ofNullable(lastSwitches.get(TunnelInputs.key(destinationCluster, policy)));
    }

    /**
     * Registers at 0 every {@code mcw_gateway_tunnel_switches_total} series a (destination, policy) can have: every
     * move between the tunnels it knows, of every kind a switch can be. A counter born at 1 by its first increment
     * would have no earlier sample, and {@code increase()} (dashboards, alerts) would never see that first failover.
     */
    private void switchCounters(TunnelChoice c) {
        java.util.Set<String> tunnels = new java.util.TreeSet<>();
        tunnels.add(c.preferredTunnel());
        tunnels.add(c.active().tunnel());
        c.fallbacks().forEach(f -> tunnels.add(f.tunnel()));
        for (String from : tunnels) {
            for (String to : tunnels) {
                if (from.equals(to)) {
                    continue;
                }
                for (TunnelChoice.Kind kind : SWITCH_KINDS) {
                    if (registeredSwitches.add(c.destinationCluster() + "|" + c.policy() + "|" + from + "|" + to + "|"
                            + kind)) {
                        switchCounter(c.destinationCluster(), c.policy(), from, to, kind);
                    }
                }
            }
        }
    }

    private Counter switchCounter(String destination, String policy, String from, String to, TunnelChoice.Kind kind) {
        return Counter.builder("mcw_gateway_tunnel_switches_total")
                .description("Moves of a (destination cluster, WAN policy)'s traffic from one tunnel to another")
                .tag("destination_cluster", destination).tag("policy", policy).tag("from_tunnel", from)
                .tag("to_tunnel", to).tag("kind", kindLabel(kind)).register(registry);
    }

    /** A kind as a label value: lower snake case, as every label value of MCW (docs/metrics.md). */
    private static String kindLabel(TunnelChoice.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private TunnelSwitch switched(TunnelChoice before, TunnelChoice after, Map<PathKey, PathHealth> paths) {
        PathHealth left = paths.get(before.activePath());
        TunnelFigures figures = left == null ? null : left.figures();
        TunnelSwitch s = new TunnelSwitch(after.destinationCluster(), after.policy(), before.active().tunnel(),
                before.active().port(), after.active().tunnel(), after.active().port(), after.reason(), figures);
        LOGGER.infof("tunnel switch destination=%s policy=%s from=%s to=%s kind=%s reason=\"%s\"%s",
                s.destinationCluster(), s.policy(), before.active(), after.active(), after.kind(), after.reason(),
                figures == null ? "" : " left: " + figures.describe());
        switchCounter(s.destinationCluster(), s.policy(), s.fromTunnel(), s.toTunnel(), after.kind()).increment();
        return s;
    }

    private void publish(GatewayEvent event) {
        publishFailed = false;
        lastPublished = event.time();
        publisher.publish(event).whenComplete((ok, failure) -> {
            if (failure != null) {
                // caught up by the next pass's RoutesApplied, which carries the whole state
                LOGGER.warnf("cannot publish gateway event kind=%s: %s; the next pass publishes the state again",
                        event.kind(), failure.getMessage());
                publishFailed = true;
            }
        });
    }

    /**
     * {@code mcw_gateway_active_tunnel} (1 for the tunnel in use), {@code mcw_gateway_tunnel_choice} (1 for why: the
     * kind of the choice) and {@code mcw_gateway_sla_satisfied}.
     */
    private void gauges(Map<String, TunnelChoice> now) {
        active.values().forEach(v -> v.set(0));
        kinds.values().forEach(v -> v.set(0));
        now.values().forEach(this::switchCounters);
        now.values().forEach(c -> {
            String key = c.destinationCluster() + "|" + c.policy() + "|" + c.active().tunnel();
            active.computeIfAbsent(key, k -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("mcw_gateway_active_tunnel", value, AtomicInteger::get)
                        .description("1 for the tunnel a (destination cluster, WAN policy)'s traffic takes now")
                        .tag("destination_cluster", c.destinationCluster()).tag("policy", c.policy())
                        .tag("tunnel", c.active().tunnel()).register(registry);
                return value;
            }).set(1);
            kinds.computeIfAbsent(c.destinationCluster() + "|" + c.policy() + "|" + c.kind(), k -> {
                AtomicInteger value = new AtomicInteger();
                Gauge.builder("mcw_gateway_tunnel_choice", value, AtomicInteger::get)
                        .description("1 for why a (destination cluster, WAN policy)'s traffic takes its tunnel: "
                                + "preferred, failover, hold_down, sla_unmet or all_down")
                        .tag("destination_cluster", c.destinationCluster()).tag("policy", c.policy())
                        .tag("kind", kindLabel(c.kind())).register(registry);
                return value;
            }).set(1);
            satisfied.computeIfAbsent(c.destinationCluster() + "|" + c.policy(), k -> {
                AtomicInteger value = new AtomicInteger(-1);
                Gauge.builder("mcw_gateway_sla_satisfied", value, v -> v.get() < 0 ? Double.NaN : v.get())
                        .description("1 when the tunnel in use meets the WAN policy's SLA, 0 when not, NaN unmeasured")
                        .tag("destination_cluster", c.destinationCluster()).tag("policy", c.policy())
                        .register(registry);
                return value;
            }).set(c.slaSatisfied() == null ? -1 : c.slaSatisfied() ? 1 : 0);
        });
    }

    static ActiveTunnel active(TunnelChoice c) {
        return new ActiveTunnel(c.destinationCluster(), c.policy(), c.preferredTunnel(), c.active().tunnel(),
                c.active().port(), c.slaSatisfied(), c.reason());
    }

    /** The last choices reported, for the admin API. */
    Map<String, TunnelChoice> last() {
        return Objects.requireNonNullElse(last, Map.of());
    }
}

package io.l7mp.mcw.telemetry.app;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.telemetry.domain.EchoOutcome;
import io.l7mp.mcw.telemetry.domain.TunnelAssessment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of one tunnel. Gauges read the last assessment (one volatile read at scrape time); they are removed when
 * the tunnel stops being probed. Counters stay: a tunnel probed again counts on.
 */
final class TunnelMeters {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter sent;
    private final Map<EchoOutcome, Counter> echoes = new EnumMap<>(EchoOutcome.class);
    private final Map<TunnelState, Counter> changes = new EnumMap<>(TunnelState.class);
    private final List<Meter> gauges = new ArrayList<>();
    /** Per policy, touched on the prober's event loop only. */
    private final Map<String, Gauge> slaGauges = new HashMap<>();
    private volatile TunnelAssessment last;

    TunnelMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.sent = Counter.builder("mcw_tunnel_probes_sent_total").description("Probes sent to the tunnel")
                .tags(tags).register(registry);
        for (EchoOutcome outcome : EchoOutcome.values()) {
            echoes.put(outcome, Counter.builder("mcw_tunnel_echoes_total")
                    .description("Echoes received from the tunnel's peer, by what they were taken for")
                    .tags(tags).tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (TunnelState state : TunnelState.values()) {
            changes.put(state, Counter.builder("mcw_tunnel_state_changes_total")
                    .description("Changes of the tunnel's state, by the state it changed to").tags(tags)
                    .tag("to", state.name().toLowerCase(Locale.ROOT)).register(registry));
            gauges.add(Gauge.builder("mcw_tunnel_state", this, m -> m.state() == state ? 1 : 0)
                    .description("1 for the tunnel's current state, 0 for the others").tags(tags)
                    .tag("state", state.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        gauges.add(gauge("mcw_tunnel_rtt_seconds", "Smoothed round-trip time (RFC 6298 SRTT)",
                a -> a.figures().rttMs() / 1e3));
        gauges.add(gauge("mcw_tunnel_rtt_p99_seconds", "99th percentile of the round-trip times in the RTT window",
                a -> a.figures().rttP99Ms() / 1e3));
        gauges.add(gauge("mcw_tunnel_jitter_seconds", "Interarrival jitter (RFC 3550)",
                a -> a.figures().jitterMs() / 1e3));
        gauges.add(gauge("mcw_tunnel_loss_ratio", "Share of probes lost in the loss window, 0-1",
                a -> a.figures().lossPercent() / 100));
    }

    void probeSent() {
        sent.increment();
    }

    void echo(EchoOutcome outcome) {
        echoes.get(outcome).increment();
    }

    /** Takes the tunnel's latest assessment; counts a change of state. Called on the prober's event loop. */
    void record(TunnelAssessment assessment, TunnelState previous) {
        last = assessment;
        if (assessment.state() != previous) {
            changes.get(assessment.state()).increment();
        }
        List<SlaVerdict> verdicts = assessment.verdicts();
        if (verdicts.size() != slaGauges.size()
                || !verdicts.stream().allMatch(verdict -> slaGauges.containsKey(verdict.policy()))) {
            syncSlaGauges(verdicts);
        }
    }

    /** Removes the tunnel's gauges. */
    void close() {
        gauges.forEach(registry::remove);
        slaGauges.values().forEach(registry::remove);
        slaGauges.clear();
    }

    private TunnelState state() {
        TunnelAssessment current = last;
        return current == null ? TunnelState.UNKNOWN : current.state();
    }

    private double satisfied(String policy) {
        TunnelAssessment current = last;
        if (current == null) {
            return Double.NaN;
        }
        return current.verdicts().stream().filter(v -> v.policy().equals(policy)).findFirst()
                .map(v -> v.satisfied() ? 1.0 : 0.0).orElse(Double.NaN);
    }

    private void syncSlaGauges(List<SlaVerdict> verdicts) {
        List<String> policies = verdicts.stream().map(SlaVerdict::policy).toList();
        slaGauges.entrySet().removeIf(entry -> {
            boolean gone = !policies.contains(entry.getKey());
            if (gone) {
                registry.remove(entry.getValue());
            }
            return gone;
        });
        for (String policy : policies) {
            slaGauges.computeIfAbsent(policy, p -> Gauge.builder("mcw_tunnel_sla_satisfied", this,
                    m -> m.satisfied(p)).description("1 when the tunnel meets the policy's SLA, 0 when it breaks it")
                    .tags(tags).tag("policy", p).register(registry));
        }
    }

    private Gauge gauge(String name, String description, ToDoubleFunction<TunnelAssessment> figure) {
        return Gauge.builder(name, this, m -> {
            TunnelAssessment current = m.last;
            return current == null ? Double.NaN : figure.applyAsDouble(current);
        }).description(description).tags(tags).register(registry);
    }
}

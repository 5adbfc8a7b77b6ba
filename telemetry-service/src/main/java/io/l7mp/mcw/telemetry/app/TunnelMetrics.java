package io.l7mp.mcw.telemetry.app;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.l7mp.mcw.telemetry.adapter.udp.ProbeListener;
import io.l7mp.mcw.telemetry.domain.ProbeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * The telemetry-service's metrics (docs/configuration.md). Per-tunnel meters are tagged {@code source_cluster},
 * {@code destination_cluster}, {@code tunnel}: bounded by the clusters times their tunnels. Each tunnel's are made
 * once, when probing it starts ({@link TunnelMeters}), so that the probe path only increments and sets. The other
 * counters exist at 0 before their first event, so that {@code increase()} sees it: from the start for every reason a
 * datagram is ignored, from the first plan that names a destination cluster for the refusals of its tunnels.
 */
// created at start-up, not on first use: the counters at 0 must be there before any datagram or plan
@Startup
@ApplicationScoped
public class TunnelMetrics {
    @Inject
    MeterRegistry registry;

    private final Map<String, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> ignored = new ConcurrentHashMap<>();

    TunnelMeters forTunnel(String sourceCluster, ProbeTarget target) {
        return new TunnelMeters(registry, Tags.of("source_cluster", sourceCluster, "destination_cluster",
                target.destinationCluster(), "tunnel", target.tunnel()));
    }

    @PostConstruct
    void registerAtZero() {
        ProbeListener.IGNORED_REASONS.forEach(this::ignoredCounter);
    }

    /** The tunnels of a probe plan are to be probed: their destination clusters' refusals are counted from 0. */
    void planned(Collection<ProbeTarget> targets) {
        targets.forEach(target -> refusedCounter(target.destinationCluster()));
    }

    /** A tunnel of {@code destinationCluster} was refused: its address may not be probed. */
    void refused(String destinationCluster) {
        refusedCounter(destinationCluster).increment();
    }

    /** A datagram on the probe socket that was not the echo of a tunnel being probed. */
    void ignored(String reason) {
        ignoredCounter(reason).increment();
    }

    private Counter refusedCounter(String destinationCluster) {
        return refused.computeIfAbsent(destinationCluster, cluster -> Counter.builder("mcw_tunnel_probe_refused_total")
                .description("Tunnels not probed because of their address (outside mcw.network.allowed-cidrs, or"
                        + " not resolvable), counted once per reason")
                .tag("destination_cluster", cluster).register(registry));
    }

    private Counter ignoredCounter(String reason) {
        return ignored.computeIfAbsent(reason, r -> Counter.builder("mcw_tunnel_datagrams_ignored_total")
                .description("Datagrams received on the probe socket and ignored: undecodable, or from no tunnel's"
                        + " peer")
                .tag("reason", r).register(registry));
    }
}

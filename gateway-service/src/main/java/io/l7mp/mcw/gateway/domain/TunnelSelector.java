package io.l7mp.mcw.gateway.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * Picks the tunnel of one WAN policy to one destination cluster (DESIGN D5), a pure function of the paths' health, the
 * tunnel in use and the time:
 * <ol>
 * <li>the policy's own tunnel while it carries traffic and meets the policy's SLA;</li>
 * <li>else the first tunnel of the policy's {@code failover} list that does;</li>
 * <li>else the best other tunnel that does (lowest round-trip time, then loss);</li>
 * <li>else the best tunnel that carries traffic at all, the SLA reported as not satisfied;</li>
 * <li>else, every tunnel down, the policy's own.</li>
 * </ol>
 * A tunnel in use that is still healthy is left only for a more preferred one (1 before 2, 2 before 3), and only once
 * that one has been healthy for the hold-down ({@code failover.hold-down-seconds}, default
 * {@value #DEFAULT_HOLD_DOWN_SECONDS} s): a tunnel that flaps does not make traffic flap. Failing over away from a tunnel
 * that broke happens at once. With no tunnel in use yet (a gateway starting) the best is taken at once.
 */
public final class TunnelSelector {
    public static final int DEFAULT_HOLD_DOWN_SECONDS = 30;

    private TunnelSelector() {
    }

    /**
     * @param exported the policy as the destination's export event carries it (its own tunnel and port)
     * @param policies the destination cluster's accepted policies: its other tunnels, and {@code exported}'s failover
     *        list and hold-down
     * @param health what is known of each path; a path absent is {@link PathHealth#unknown}
     * @param current the tunnel in use now, empty when none was chosen yet
     */
    public static TunnelChoice select(String destinationCluster, ExportedPolicy exported, List<PolicyEvent> policies,
            Map<PathKey, PathHealth> health, Optional<String> current, Instant now) {
        Optional<PolicyEvent> own = policies.stream().filter(p -> p.name().equals(exported.name())).findFirst();
        List<TunnelOption> options = options(destinationCluster, exported, own, policies, health);
        int preferredCount = preferredCount(exported, own, options);
        String policy = exported.name();
        PathHealthView view = new PathHealthView(destinationCluster, health);

        TunnelOption ideal = null;
        TunnelChoice.Kind kind;
        for (TunnelOption o : options) {
            if (view.of(o).healthyFor(policy)) {
                ideal = o;
                break;
            }
        }
        if (ideal != null) {
            kind = ideal == options.get(0) ? TunnelChoice.Kind.PREFERRED : TunnelChoice.Kind.FAILOVER;
        } else {
            ideal = options.stream().filter(o -> view.of(o).carriesTraffic())
                    .min(Comparator.<TunnelOption> comparingDouble(o -> view.of(o).figures().rttMs())
                            .thenComparingDouble(o -> view.of(o).figures().lossPercent())
                            .thenComparingInt(options::indexOf))
                    .orElse(null);
            kind = ideal != null ? TunnelChoice.Kind.SLA_UNMET : TunnelChoice.Kind.ALL_DOWN;
            if (ideal == null) {
                ideal = options.get(0);
            }
        }

        TunnelOption in = current.flatMap(t -> options.stream().filter(o -> o.tunnel().equals(t)).findFirst())
                .orElse(null);
        Duration holdDown = Duration.ofSeconds(own.map(PolicyEvent::holdDownSeconds).filter(s -> s >= 0)
                .orElse(DEFAULT_HOLD_DOWN_SECONDS));
        if (in != null && in != ideal) {
            PathHealth inHealth = view.of(in);
            boolean inHealthy = inHealth.healthyFor(policy);
            int idealRank = options.indexOf(ideal);
            int inRank = options.indexOf(in);
            if (inHealthy && (idealRank >= inRank || inRank >= preferredCount && idealRank >= preferredCount)) {
                // leave a healthy tunnel only for a more preferred one (own, then the failover list)
                return choice(destinationCluster, exported, options, in, view, TunnelChoice.Kind.FAILOVER,
                        reason(destinationCluster, policy, options.get(0), in, TunnelChoice.Kind.FAILOVER, view), null);
            }
            if (inHealthy) {
                Optional<Instant> since = view.of(ideal).healthySince(policy);
                Instant due = since.map(s -> s.plus(holdDown)).orElse(null);
                if (due == null || now.isBefore(due)) {
                    String healthy = since.map(s -> "healthy for " + seconds(Duration.between(s, now)) + " of "
                            + seconds(holdDown)).orElse("not healthy");
                    return choice(destinationCluster, exported, options, in, view, TunnelChoice.Kind.HOLD_DOWN,
                            ideal.tunnel() + " is " + healthy + " (hold-down); stays on " + in.tunnel(), due);
                }
                return choice(destinationCluster, exported, options, ideal, view, kind,
                        "fails back to " + ideal.tunnel() + ": healthy for " + seconds(Duration.between(since.get(),
                                now)) + ", hold-down " + seconds(holdDown),
                        null);
            }
            if (!view.of(ideal).healthyFor(policy) && inHealth.carriesTraffic()) {
                // nothing meets the SLA: do not move between two tunnels that both miss it
                return choice(destinationCluster, exported, options, in, view, TunnelChoice.Kind.SLA_UNMET,
                        "no tunnel to " + destinationCluster + " meets the SLA of " + policy + "; stays on "
                                + in.tunnel() + ": " + inHealth.reason(),
                        null);
            }
        }
        return choice(destinationCluster, exported, options, ideal, view, kind, reason(destinationCluster, policy,
                options.get(0), ideal, kind, view), null);
    }

    private static String reason(String destinationCluster, String policy, TunnelOption preferred,
            TunnelOption ideal, TunnelChoice.Kind kind, PathHealthView view) {
        PathHealth own = view.of(preferred);
        return switch (kind) {
            case PREFERRED -> preferred.tunnel() + " is healthy";
            case FAILOVER -> preferred.tunnel() + " " + own.state() + ": " + why(own, policy);
            case SLA_UNMET -> "no tunnel to " + destinationCluster + " meets the SLA of " + policy + "; "
                    + ideal.tunnel() + " carries traffic (" + why(view.of(ideal), policy) + ")";
            case ALL_DOWN -> "every tunnel to " + destinationCluster + " is down";
            case HOLD_DOWN -> "hold-down";
        };
    }

    private static String why(PathHealth health, String policy) {
        return health.verdict(policy).filter(v -> !v.satisfied() && health.carriesTraffic())
                .map(v -> "breaks the SLA of " + policy + ": " + String.join(", ", v.violations()))
                .orElse(health.reason());
    }

    private static TunnelChoice choice(String destinationCluster, ExportedPolicy exported, List<TunnelOption> options,
            TunnelOption active, PathHealthView view, TunnelChoice.Kind kind, String reason, Instant reconsiderAt) {
        List<TunnelOption> fallbacks = new ArrayList<>();
        for (TunnelOption o : options) {
            if (o != active && view.of(o).carriesTraffic()) {
                fallbacks.add(o);
            }
        }
        PathHealth health = view.of(active);
        Boolean satisfied = health.state() == TunnelState.UNKNOWN ? null
                : health.healthyFor(exported.name());
        return new TunnelChoice(destinationCluster, exported.name(), exported.tunnel(), active, fallbacks, satisfied,
                kind, reason, reconsiderAt);
    }

    /**
     * The destination's tunnels in order of preference: the policy's own, its failover list, then the others by
     * quality for this policy. One option per tunnel name.
     */
    private static List<TunnelOption> options(String destinationCluster, ExportedPolicy exported,
            Optional<PolicyEvent> own, List<PolicyEvent> policies, Map<PathKey, PathHealth> health) {
        Map<String, TunnelOption> byTunnel = new LinkedHashMap<>();
        byTunnel.put(exported.tunnel(), new TunnelOption(exported.tunnel(), exported.port(), exported.dscp(),
                exported.name()));
        for (String name : own.map(PolicyEvent::failover).orElse(List.of())) {
            policies.stream().filter(p -> p.name().equals(name)).findFirst().ifPresent(p -> byTunnel
                    .putIfAbsent(p.tunnel(), new TunnelOption(p.tunnel(), p.port(), p.dscp(), p.name())));
        }
        PathHealthView view = new PathHealthView(destinationCluster, health);
        String policy = exported.name();
        policies.stream().sorted(Comparator.comparingInt(PolicyEvent::port))
                .map(p -> new TunnelOption(p.tunnel(), p.port(), p.dscp(), p.name()))
                .filter(o -> !byTunnel.containsKey(o.tunnel()))
                .sorted(Comparator.<TunnelOption, Boolean> comparing(o -> !view.of(o).healthyFor(policy))
                        .thenComparing(o -> !view.of(o).carriesTraffic())
                        .thenComparingDouble(o -> view.of(o).figures().rttMs())
                        .thenComparingDouble(o -> view.of(o).figures().lossPercent())
                        .thenComparing(TunnelOption::tunnel))
                .forEach(o -> byTunnel.putIfAbsent(o.tunnel(), o));
        return List.copyOf(byTunnel.values());
    }

    /** How many options are ranked by the policy itself (its own tunnel and its failover list). */
    private static int preferredCount(ExportedPolicy exported, Optional<PolicyEvent> own, List<TunnelOption> options) {
        int count = 1;
        List<String> failover = own.map(PolicyEvent::failover).orElse(List.of());
        for (int i = 1; i < options.size(); i++) {
            if (failover.contains(options.get(i).policy())) {
                count = i + 1;
            }
        }
        return count;
    }

    private static String seconds(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        return millis % 1000 == 0 ? millis / 1000 + " s"
                : String.format(Locale.ROOT, "%.1f s",
                        millis / 1000.0);
    }

    /** The health of the destination's paths, an unknown path healthy. */
    private record PathHealthView(String destinationCluster, Map<PathKey, PathHealth> health) {
        PathHealth of(TunnelOption option) {
            PathKey key = new PathKey(destinationCluster, option.tunnel());
            PathHealth known = health.get(key);
            return known != null ? known : PathHealth.unknown(key);
        }
    }
}

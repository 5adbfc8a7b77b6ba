package io.l7mp.mcw.imports.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelState;
import io.l7mp.mcw.api.mcs.ClusterBackend;

/**
 * The WAN part of a ServiceImport's status (DESIGN D2, D5): per exporting cluster, the tunnel this cluster's gateway
 * uses to it with what was last measured on it, and the {@code WANPolicySatisfied} condition over all of them:
 * <ul>
 * <li>{@code False AllTunnelsDown} when every tunnel to some exporting cluster is down;</li>
 * <li>else {@code False SLAViolated} when the tunnel in use to some exporting cluster breaks the SLA;</li>
 * <li>else {@code Unknown NotMeasured} when for some exporting cluster the gateway has not reported the tunnel it
 * uses, or that tunnel has not been measured;</li>
 * <li>else {@code True SLASatisfied}; {@code True NoWANPath} when this cluster is the only exporter.</li>
 * </ul>
 * The tunnel in use comes from the gateway. Whether it meets the SLA comes from the tunnel's latest health reading
 * when the reading judged that policy, and from the gateway's own verdict otherwise: the gateway publishes an event
 * when it switches tunnels, not when the tunnel it keeps starts or stops meeting the SLA, so its verdict can be older
 * than the reading. This cluster itself, when it exports the service too, is listed but not judged: its traffic
 * crosses no WAN tunnel. Pure.
 */
public final class WanStatusPlanner {
    static final String REASON_SATISFIED = "SLASatisfied";
    static final String REASON_NO_WAN_PATH = "NoWANPath";
    static final String REASON_VIOLATED = "SLAViolated";
    static final String REASON_ALL_DOWN = "AllTunnelsDown";
    static final String REASON_NOT_MEASURED = "NotMeasured";

    private WanStatusPlanner() {
    }

    /**
     * @param cluster this cluster
     * @param exporters the exporting clusters of the import, each with the policy its export names
     */
    public static WanStatus plan(String cluster, List<ClusterBackend> exporters, WanReports reports) {
        List<Path> paths = exporters.stream().sorted(Comparator.comparing(ClusterBackend::cluster))
                .map(b -> path(cluster, b, reports)).toList();
        return new WanStatus(condition(cluster, paths), paths.stream().map(Path::tunnel).toList());
    }

    /** How one exporting cluster counts for the condition. */
    private enum Outcome {
        LOCAL,
        SATISFIED,
        NOT_MEASURED,
        VIOLATED,
        ALL_DOWN
    }

    /** One exporting cluster: its status entry, how it counts, and the words for the condition's message. */
    private record Path(ImportTunnel tunnel, Outcome outcome, String detail) {
    }

    private static Path path(String cluster, ClusterBackend exporter, WanReports reports) {
        String destination = exporter.cluster();
        String policy = exporter.policy().name();
        String preferred = exporter.policy().tunnel();
        if (destination.equals(cluster)) {
            return new Path(new ImportTunnel(destination, policy, preferred, null, null, null, null,
                    "this cluster: its traffic crosses no WAN tunnel", null, null, null), Outcome.LOCAL, null);
        }
        List<TunnelReading> readings = reports.readingsTo(destination);
        boolean allDown = !readings.isEmpty() && readings.stream().allMatch(r -> r.state() == TunnelState.DOWN);
        String down = allDown ? "every tunnel from " + cluster + " to " + destination + " is down: "
                + readings.stream().map(r -> r.tunnel() + " (" + r.reason() + ")").collect(Collectors.joining(", "))
                : null;
        Optional<ActiveTunnel> active = reports.active(destination, policy);
        if (active.isEmpty()) {
            String why = reports.gatewayReported()
                    ? "the gateway of " + cluster + " reports no tunnel to " + destination + " for WAN policy "
                            + policy
                    : "the gateway of " + cluster + " has not reported the tunnels it uses yet";
            ImportTunnel entry = new ImportTunnel(destination, policy, preferred, null, null, null, null,
                    allDown ? down : why, null, null, null);
            return allDown ? new Path(entry, Outcome.ALL_DOWN, down) : new Path(entry, Outcome.NOT_MEASURED, why);
        }
        return inUse(destination, policy, active.get(), reports.reading(destination, active.get().tunnel()), down);
    }

    private static Path inUse(String destination, String policy, ActiveTunnel active, Optional<TunnelReading> reading,
            String allDown) {
        Optional<TunnelReading> measured = reading.filter(TunnelReading::measured);
        Optional<TunnelReading> judged = measured.filter(r -> probed(r, policy).isPresent());
        Boolean satisfied = judged.flatMap(r -> probed(r, policy)).orElse(active.slaSatisfied());
        String over = destination + " over " + active.tunnel();
        String breaks = Boolean.FALSE.equals(satisfied) ? breaks(policy, active, judged) : null;
        ImportTunnel entry = new ImportTunnel(destination, policy, active.preferredTunnel(), active.tunnel(),
                active.port(), reading.map(TunnelReading::state).orElse(TunnelState.UNKNOWN), satisfied,
                breaks != null ? breaks : active.reason(), measured.map(TunnelReading::rttMs).orElse(null),
                measured.map(TunnelReading::jitterMs).orElse(null),
                measured.map(TunnelReading::lossPercent).orElse(null));
        if (allDown != null) {
            return new Path(entry, Outcome.ALL_DOWN, allDown);
        }
        if (satisfied == null) {
            return new Path(entry, Outcome.NOT_MEASURED, over + (measured.isPresent()
                    ? ": the probes have not judged the SLA of " + policy + " yet"
                    : ": not measured yet"));
        }
        return satisfied ? new Path(entry, Outcome.SATISFIED, over + " (" + policy + ")")
                : new Path(entry, Outcome.VIOLATED, over + " " + breaks
                        + measured.map(r -> " (" + r.describeFigures() + ")").orElse(""));
    }

    /** The reading's verdict on {@code policy}: none when the probes did not judge it. */
    private static Optional<Boolean> probed(TunnelReading reading, String policy) {
        if (reading.state() == TunnelState.DOWN) {
            return Optional.of(false);
        }
        return reading.verdict(policy).map(SlaVerdict::satisfied);
    }

    private static String breaks(String policy, ActiveTunnel active, Optional<TunnelReading> reading) {
        if (reading.isEmpty()) {
            return "does not meet the SLA of " + policy + " as the gateway judges it (" + active.reason() + ")";
        }
        TunnelReading r = reading.get();
        if (r.state() == TunnelState.DOWN) {
            return "is DOWN (" + r.reason() + ")";
        }
        List<String> violations = r.verdict(policy).map(SlaVerdict::violations).orElse(List.of());
        return "breaks the SLA of " + policy + ": " + (violations.isEmpty() ? r.reason()
                : String.join(", ", violations));
    }

    private static ImportCondition condition(String cluster, List<Path> paths) {
        List<Path> remote = paths.stream().filter(p -> p.outcome() != Outcome.LOCAL).toList();
        if (remote.isEmpty()) {
            return condition(ImportCondition.Status.TRUE, REASON_NO_WAN_PATH,
                    "the only exporting cluster is " + cluster + " itself: the traffic crosses no WAN tunnel");
        }
        List<String> failing = new ArrayList<>(details(remote, Outcome.ALL_DOWN));
        failing.addAll(details(remote, Outcome.VIOLATED));
        if (!failing.isEmpty()) {
            boolean allDown = remote.stream().anyMatch(p -> p.outcome() == Outcome.ALL_DOWN);
            return condition(ImportCondition.Status.FALSE, allDown ? REASON_ALL_DOWN : REASON_VIOLATED,
                    String.join("; ", failing));
        }
        List<String> unmeasured = details(remote, Outcome.NOT_MEASURED);
        if (!unmeasured.isEmpty()) {
            return condition(ImportCondition.Status.UNKNOWN, REASON_NOT_MEASURED, String.join("; ", unmeasured));
        }
        return condition(ImportCondition.Status.TRUE, REASON_SATISFIED, "the tunnels in use meet the SLA of their "
                + "WAN policy: " + String.join(", ", details(remote, Outcome.SATISFIED)));
    }

    private static List<String> details(List<Path> paths, Outcome outcome) {
        return paths.stream().filter(p -> p.outcome() == outcome).map(Path::detail).distinct().toList();
    }

    private static ImportCondition condition(ImportCondition.Status status, String reason, String message) {
        return new ImportCondition(ImportCondition.WAN_POLICY_SATISFIED, status, reason, message);
    }
}

package io.l7mp.mcw.imports.domain;

import java.util.List;
import java.util.Optional;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * What a ServiceImport's status shows of one tunnel health report: the parts that can change it. The times of the
 * report and its sample count are left out, so a report republished with the same figures is the same reading and
 * changes nothing.
 *
 * @param reason why the tunnel is in {@code state}, as telemetry-service says it
 * @param sla the verdict on every policy of the destination cluster
 */
public record TunnelReading(String destinationCluster, String tunnel, TunnelState state, String reason, double rttMs,
        double jitterMs, double lossPercent, List<SlaVerdict> sla) {
    public TunnelReading {
        reason = reason == null ? "" : reason;
        sla = List.copyOf(sla);
    }

    public static TunnelReading of(TunnelHealthEvent event) {
        return new TunnelReading(event.destinationCluster(), event.tunnel(), event.state(), event.reason(),
                event.figures().rttMs(), event.figures().jitterMs(), event.figures().lossPercent(), event.sla());
    }

    /** Whether probes were answered or lost yet: an {@code UNKNOWN} tunnel has no figures. */
    public boolean measured() {
        return state != TunnelState.UNKNOWN;
    }

    public Optional<SlaVerdict> verdict(String policy) {
        return sla.stream().filter(v -> v.policy().equals(policy)).findFirst();
    }

    /** {@code rtt 12 ms, jitter 1 ms, loss 0 %}, as the telemetry-service writes figures. */
    public String describeFigures() {
        return new TunnelFigures(rttMs, 0, jitterMs, lossPercent, 0).describe();
    }
}

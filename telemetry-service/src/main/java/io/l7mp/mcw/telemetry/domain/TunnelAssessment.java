package io.l7mp.mcw.telemetry.domain;

import java.time.Instant;
import java.util.List;

import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.api.event.TunnelState;

/**
 * One evaluation of a tunnel by {@link TunnelHealth}.
 *
 * @param reason why the tunnel is in {@code state}, for people ({@code 5 probes in a row lost})
 * @param verdicts one per policy given to the evaluation, in the same order
 * @param since when the tunnel entered {@code state}
 * @param measuredAt when the evaluation was made
 */
public record TunnelAssessment(TunnelState state, String reason, TunnelFigures figures, List<SlaVerdict> verdicts,
        Instant since, Instant measuredAt) {
    public TunnelAssessment {
        verdicts = List.copyOf(verdicts);
    }

    /** The health event of this assessment of {@code target}, probed from {@code sourceCluster}. */
    public TunnelHealthEvent toEvent(String sourceCluster, ProbeTarget target) {
        return new TunnelHealthEvent(sourceCluster, target.destinationCluster(), target.tunnel(), target.address(),
                target.port(), state, reason, figures, verdicts, since, measuredAt);
    }
}

package io.l7mp.mcw.telemetry.domain;

import io.l7mp.mcw.api.event.TunnelFigures;

/**
 * What {@link TunnelHealth} classifies a tunnel on, as {@link TunnelProbes#status()} reports it.
 *
 * @param figures RTT, jitter and loss measured so far
 * @param timedOutRun probes timed out in a row since the last answer (on time or late)
 * @param answeredRun probes answered in a row since the last timeout
 * @param everAnswered whether any probe of this tunnel was ever answered
 */
public record ProbeStatus(TunnelFigures figures, int timedOutRun, int answeredRun, boolean everAnswered) {
    public ProbeStatus {
        if (figures == null) {
            throw new IllegalArgumentException("ProbeStatus.figures is missing");
        }
        if (timedOutRun < 0 || answeredRun < 0) {
            throw new IllegalArgumentException("ProbeStatus runs are timedOutRun=" + timedOutRun + " answeredRun="
                    + answeredRun + ", expected >= 0");
        }
    }
}

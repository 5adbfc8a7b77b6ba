package io.l7mp.mcw.telemetry.domain;

import java.util.List;

/**
 * What {@link ProbeTargets#plan} decided.
 *
 * @param targets the tunnels to probe, sorted by destination cluster, then tunnel
 * @param notices what an operator should know about the choices made
 */
public record ProbePlan(List<ProbeTarget> targets, List<Notice> notices) {
    public ProbePlan {
        targets = List.copyOf(targets);
        notices = List.copyOf(notices);
    }
}

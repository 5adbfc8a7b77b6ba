package io.l7mp.mcw.api.event;

import java.util.List;

/**
 * Whether a tunnel meets one WAN policy's SLA.
 *
 * @param policy the WANPolicy (of the destination cluster) whose SLA was checked
 * @param violations what it breaks ({@code latency 120 ms > 100 ms}); empty when satisfied
 */
public record SlaVerdict(String policy, boolean satisfied, List<String> violations) {
    public SlaVerdict {
        Required.text(policy, "SlaVerdict", "policy");
        violations = Required.list(violations);
        if (satisfied != violations.isEmpty()) {
            throw new IllegalArgumentException("SlaVerdict of policy " + policy + " is satisfied=" + satisfied
                    + " with violations " + violations + ", expected violations exactly when not satisfied");
        }
    }

    public static SlaVerdict of(String policy, Sla sla, TunnelFigures figures) {
        List<String> violations = sla.violations(figures);
        return new SlaVerdict(policy, violations.isEmpty(), violations);
    }
}

package io.l7mp.mcw.telemetry.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.SlaVerdict;
import io.l7mp.mcw.api.event.TunnelFigures;

/**
 * The SLA verdicts of one tunnel, with hysteresis per policy: a policy whose SLA the tunnel broke counts as met again
 * only when every bound is met with the recovery margin ({@code latency <= 90 ms} for a 100 ms bound and a margin of
 * 0.1). Until then its verdict stays broken and says so ({@code latency 95 ms > 90 ms (recovery margin 10 %)}). Not
 * thread-safe: one thread owns it.
 */
final class SlaJudge {
    private final double margin;
    private final String marginNote;
    private Map<String, Boolean> broken = new HashMap<>();

    SlaJudge(double margin) {
        this.margin = margin;
        this.marginNote = " (recovery margin "
                + BigDecimal.valueOf(margin * 100).stripTrailingZeros().toPlainString() + " %)";
    }

    /** One verdict per policy, in the given order; policies not given any more are forgotten. */
    List<SlaVerdict> judge(List<TunnelPolicy> policies, TunnelFigures figures) {
        Map<String, Boolean> nowBroken = new HashMap<>();
        List<SlaVerdict> verdicts = new ArrayList<>(policies.size());
        for (TunnelPolicy policy : policies) {
            List<String> violations = violations(policy, figures);
            nowBroken.put(policy.name(), !violations.isEmpty());
            verdicts.add(new SlaVerdict(policy.name(), violations.isEmpty(), violations));
        }
        broken = nowBroken;
        return verdicts;
    }

    private List<String> violations(TunnelPolicy policy, TunnelFigures figures) {
        List<String> violations = policy.sla().violations(figures);
        if (!violations.isEmpty() || !broken.getOrDefault(policy.name(), false)) {
            return violations;
        }
        Sla recovery = policy.sla().tightenedBy(margin);
        return recovery.violations(figures).stream().map(violation -> violation + marginNote).toList();
    }
}

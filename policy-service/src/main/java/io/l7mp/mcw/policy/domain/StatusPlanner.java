package io.l7mp.mcw.policy.domain;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes the status a WANPolicy should have for a verdict. Returns nothing when the current status
 * already says it, so that the service writes status only on change: every write is an informer event,
 * and writing unconditionally would loop.
 */
public final class StatusPlanner {
    private StatusPlanner() {
    }

    /**
     * @param current the status the policy has now ({@link PolicyStatus#NONE} when it has none)
     * @param now the time of a status transition (kept to the second, as Kubernetes does); an unchanged
     *        status keeps its lastTransitionTime
     */
    public static Optional<PolicyStatus> next(Verdict verdict, PolicyStatus current, Instant now) {
        Long generation = verdict.policy().generation();
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        String status = verdict.accepted() ? "True" : "False";
        AcceptedCondition before = current.accepted();
        Instant transition = before != null && status.equals(before.status()) && before.lastTransitionTime() != null
                ? before.lastTransitionTime()
                : at;
        PolicyStatus wanted = new PolicyStatus(generation,
                new AcceptedCondition(status, verdict.reason().text(), verdict.message(), generation, transition));
        return Objects.equals(wanted, current) ? Optional.empty() : Optional.of(wanted);
    }
}

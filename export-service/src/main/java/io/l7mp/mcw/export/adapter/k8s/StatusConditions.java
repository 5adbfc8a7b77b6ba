package io.l7mp.mcw.export.adapter.k8s;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.l7mp.mcw.export.domain.ExportCondition;

/**
 * Merges the planner's conditions into a status per the Kubernetes API conventions: lastTransitionTime
 * changes only when the status does, observedGeneration is the object's generation, and conditions
 * of other types (written by someone else) are kept.
 */
public final class StatusConditions {
    private StatusConditions() {
    }

    public static List<Condition> merge(List<Condition> current, List<ExportCondition> desired, Long generation,
            Instant now) {
        List<Condition> existing = current == null ? List.of() : current;
        List<Condition> merged = new ArrayList<>();
        for (ExportCondition d : desired) {
            Optional<Condition> previous = existing.stream().filter(c -> d.type().equals(c.getType())).findFirst();
            String since = previous.filter(p -> d.statusText().equals(p.getStatus()))
                    .map(Condition::getLastTransitionTime)
                    .filter(Objects::nonNull)
                    .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
            merged.add(new ConditionBuilder().withType(d.type()).withStatus(d.statusText()).withReason(d.reason())
                    .withMessage(d.message()).withLastTransitionTime(since).withObservedGeneration(generation)
                    .build());
        }
        existing.stream().filter(c -> desired.stream().noneMatch(d -> d.type().equals(c.getType())))
                .forEach(merged::add);
        return merged;
    }

    /** True when writing {@code merged} would change nothing an operator or controller can see. */
    public static boolean unchanged(List<Condition> current, List<Condition> merged) {
        List<Condition> existing = current == null ? List.of() : current;
        if (existing.size() != merged.size()) {
            return false;
        }
        for (Condition m : merged) {
            Optional<Condition> c = existing.stream().filter(e -> m.getType().equals(e.getType())).findFirst();
            if (c.isEmpty() || !same(c.get(), m)) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Condition a, Condition b) {
        return Objects.equals(a.getStatus(), b.getStatus()) && Objects.equals(a.getReason(), b.getReason())
                && Objects.equals(a.getMessage(), b.getMessage())
                && Objects.equals(a.getLastTransitionTime(), b.getLastTransitionTime())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
    }
}

package io.l7mp.mcw.export.domain;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.ExportEvent;

/** The planner's result: one decision per ServiceExport of this cluster, ordered by namespace/name. */
public record ExportPlan(List<ExportDecision> decisions) {
    public ExportPlan {
        decisions = List.copyOf(decisions);
    }

    /** The events this cluster should have on the exports topic, by key. */
    public SortedMap<String, ExportEvent> events() {
        SortedMap<String, ExportEvent> events = new TreeMap<>();
        for (ExportDecision d : decisions) {
            if (d instanceof ExportDecision.Exported e) {
                events.put(e.event().key(), e.event());
            }
        }
        return Collections.unmodifiableSortedMap(events);
    }

    /** The desired conditions of every ServiceExport. */
    public SortedMap<ExportRef, List<ExportCondition>> conditions() {
        SortedMap<ExportRef, List<ExportCondition>> out = new TreeMap<>();
        decisions.forEach(d -> out.put(d.ref(), d.conditions()));
        return Collections.unmodifiableSortedMap(out);
    }

    public ExportDecision decision(ExportRef ref) {
        return decisions.stream().filter(d -> d.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ServiceExport " + ref + " in the plan"));
    }

    public long exportedCount() {
        return decisions.stream().filter(ExportDecision.Exported.class::isInstance).count();
    }

    public long waitingCount() {
        return decisions.size() - exportedCount();
    }

    /** Exports of this cluster involved in at least one KEP-1645 conflict. */
    public long conflictCount() {
        return decisions.stream()
                .filter(d -> d instanceof ExportDecision.Exported e && !e.conflicts().isEmpty())
                .count();
    }
}

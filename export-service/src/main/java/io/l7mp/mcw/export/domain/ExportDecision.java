package io.l7mp.mcw.export.domain;

import java.util.List;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.mcs.ExportConflict;

/** What the planner decided for one ServiceExport of this cluster. */
public sealed interface ExportDecision {
    ExportRef ref();

    /** The conditions its status should carry, in a fixed order. */
    List<ExportCondition> conditions();

    /** Published to the exports topic; {@code conflicts} lists the KEP-1645 conflicts it is involved in. */
    record Exported(ExportRef ref, ExportEvent event, List<ExportConflict> conflicts, List<ExportCondition> conditions)
            implements
                ExportDecision {
        public Exported {
            conflicts = List.copyOf(conflicts);
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * Not published (Service missing or not exportable, or policy not resolved); it goes out once the cause is gone:
     * the Service appears or changes, the policy is accepted.
     */
    record Waiting(ExportRef ref, List<ExportCondition> conditions) implements ExportDecision {
        public Waiting {
            conditions = List.copyOf(conditions);
        }
    }
}

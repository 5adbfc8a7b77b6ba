package io.l7mp.mcw.export.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A ServiceExport of this cluster, as the planner needs it.
 *
 * @param policyAnnotation the value of {@code mcw.l7mp.io/mc-wan-policy}, empty when absent or blank
 * @param created metadata.creationTimestamp: KEP-1645 conflicts are won by the oldest export
 */
public record LocalExport(ExportRef ref, Optional<String> policyAnnotation, Instant created) {
    public LocalExport {
        Objects.requireNonNull(ref, "ref");
        policyAnnotation = policyAnnotation == null ? Optional.empty()
                : policyAnnotation.map(String::trim).filter(s -> !s.isEmpty());
        Objects.requireNonNull(created, "created");
    }
}

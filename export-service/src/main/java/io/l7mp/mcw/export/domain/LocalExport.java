package io.l7mp.mcw.export.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A ServiceExport of this cluster, as the planner needs it.
 *
 * @param policyAnnotation the value of {@code mcw.l7mp.io/mc-wan-policy}, empty when absent or blank
 * @param created metadata.creationTimestamp: KEP-1645 conflicts are won by the oldest export
 * @param exportedLabels, exportedAnnotations {@code spec.exportedLabels} and {@code spec.exportedAnnotations} (MCS
 *        API v1beta1), empty when unset
 */
public record LocalExport(ExportRef ref, Optional<String> policyAnnotation, Instant created,
        Map<String, String> exportedLabels, Map<String, String> exportedAnnotations) {
    public LocalExport {
        Objects.requireNonNull(ref, "ref");
        policyAnnotation = policyAnnotation == null ? Optional.empty()
                : policyAnnotation.map(String::trim).filter(s -> !s.isEmpty());
        Objects.requireNonNull(created, "created");
        exportedLabels = copy(exportedLabels);
        exportedAnnotations = copy(exportedAnnotations);
    }

    /** An export without exported labels or annotations. */
    public LocalExport(ExportRef ref, Optional<String> policyAnnotation, Instant created) {
        this(ref, policyAnnotation, created, Map.of(), Map.of());
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }
}

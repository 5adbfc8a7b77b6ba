package io.l7mp.mcw.api.mcs;

import java.util.List;

/**
 * A KEP-1645 conflict between exports of one service.
 *
 * @param clusters every cluster involved, the winner (oldest export) first
 */
public record ExportConflict(ConflictReason reason, String message, List<String> clusters) {
    public ExportConflict {
        clusters = List.copyOf(clusters);
    }
}

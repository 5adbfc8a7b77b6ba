package io.l7mp.mcw.api.event;

/** What an import-service did with an aggregated service in its own cluster. */
public enum ImportState {
    /** The ServiceImport and its derived Service exist and are up to date. */
    IMPORTED,
    /** As IMPORTED, but the exports disagree (KEP-1645 conflict); the oldest export's values apply. */
    CONFLICT,
    /** The namespace does not exist in this cluster; the import is created when it appears. */
    WAITING_FOR_NAMESPACE
}

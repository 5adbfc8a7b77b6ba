package io.l7mp.mcw.api.about;

/** Where a running service stands with its cluster id ({@link ClusterIds#next}). */
public sealed interface ClusterIdState {

    /** Not known yet: the ClusterProperty has not been read, or its value is not a valid id; nothing is published. */
    record Unresolved(String reason) implements ClusterIdState {
    }

    /** Known, and the one the service publishes under for as long as it runs. */
    record InUse(ClusterId id) implements ClusterIdState {
    }

    /**
     * The id the service started with no longer holds (the ClusterProperty appeared, changed, went away or became
     * invalid). The service withdraws what it published under {@code inUse} and waits to be restarted.
     */
    record Changed(ClusterId inUse, String message) implements ClusterIdState {
    }
}

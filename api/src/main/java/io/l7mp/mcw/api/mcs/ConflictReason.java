package io.l7mp.mcw.api.mcs;

/** Why exports of the same service disagree; used as the reason of the {@code Conflict} condition. */
public enum ConflictReason {
    /** The same port name with a different port number, protocol or appProtocol, or one port number under two names. */
    PortConflict,
    /** ClusterSetIP in one cluster, Headless in another. */
    TypeConflict,
    /** Different {@code sessionAffinity}. */
    SessionAffinityConflict,
    /** MCW: the clusters export the service over different WAN policies. */
    WANPolicyConflict
}

package io.l7mp.mcw.api.mcs;

/**
 * Why exports of the same service disagree: the reasons of the {@code Conflict} condition, spelled as the MCS API
 * constants ({@code ServiceExportReason...Conflict} of sigs.k8s.io/mcs-api v1beta1), plus MCW's own
 * {@link #WANPolicyConflict}. When several apply, the condition's reason lists them all, comma-separated, in the order
 * of this enum (the MCS API: "the above reasons may be combined using commas").
 */
public enum ConflictReason {
    /** The Services' ports are not identical in every exporting cluster (the union is still imported). */
    PortConflict,
    /** ClusterSetIP in one cluster, Headless in another. */
    TypeConflict,
    /** Different {@code sessionAffinity}. */
    SessionAffinityConflict,
    /** Different {@code sessionAffinityConfig}. */
    SessionAffinityConfigConflict,
    /** Different {@code internalTrafficPolicy} (unset counts as {@code Cluster}, Kubernetes' default). */
    InternalTrafficPolicyConflict,
    /** Different {@code trafficDistribution}. */
    TrafficDistributionConflict,
    /** Different {@code spec.exportedAnnotations} of the ServiceExports (MCS API v1beta1). */
    AnnotationsConflict,
    /** Different {@code spec.exportedLabels} of the ServiceExports (MCS API v1beta1). */
    LabelsConflict,
    /** MCW: the clusters export the service over different WAN policies. */
    WANPolicyConflict
}

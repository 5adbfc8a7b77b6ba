package io.l7mp.mcw.api.crd;

/** Names fixed by the Multi-Cluster Services API (KEP-1645). */
public final class Mcs {
    /** The published group; the seed's {@code multicluster.k8s.io} is an early draft name (ADR 0001). */
    public static final String GROUP = "multicluster.x-k8s.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Label on EndpointSlices of a derived Service: the imported service's name. */
    public static final String LABEL_SERVICE_NAME = "multicluster.kubernetes.io/service-name";
    /** Label on EndpointSlices of a derived Service: the cluster the endpoints come from. */
    public static final String LABEL_SOURCE_CLUSTER = "multicluster.kubernetes.io/source-cluster";

    public static final String TYPE_CLUSTER_SET_IP = "ClusterSetIP";
    public static final String TYPE_HEADLESS = "Headless";

    private Mcs() {
    }
}

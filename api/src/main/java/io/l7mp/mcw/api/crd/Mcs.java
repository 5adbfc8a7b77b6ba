package io.l7mp.mcw.api.crd;

/** Names fixed by the Multi-Cluster Services API (KEP-1645). */
public final class Mcs {
    /** The published group; the seed's {@code multicluster.k8s.io} is an early draft name (ADR 0001). */
    public static final String GROUP = "multicluster.x-k8s.io";
    /** The storage version, the one every MCW service reads and writes (ADR 0017). */
    public static final String VERSION = "v1beta1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** Still served, for objects written before v1beta1 and for tools that only know it (ADR 0017). */
    public static final String VERSION_V1ALPHA1 = "v1alpha1";
    public static final String API_VERSION_V1ALPHA1 = GROUP + "/" + VERSION_V1ALPHA1;
    /** The category of every MCS API kind MCW serves: {@code kubectl get multicluster} lists them. */
    public static final String CATEGORY = "multicluster";

    /** Label on EndpointSlices of a derived Service: the imported service's name. */
    public static final String LABEL_SERVICE_NAME = "multicluster.kubernetes.io/service-name";
    /** Label on EndpointSlices of a derived Service: the cluster the endpoints come from. */
    public static final String LABEL_SOURCE_CLUSTER = "multicluster.kubernetes.io/source-cluster";

    public static final String TYPE_CLUSTER_SET_IP = "ClusterSetIP";
    public static final String TYPE_HEADLESS = "Headless";

    private Mcs() {
    }
}

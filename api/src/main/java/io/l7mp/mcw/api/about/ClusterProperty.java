package io.l7mp.mcw.api.about;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * About API (KEP-2149, sigs.k8s.io/about-api) {@code ClusterProperty}, cluster-scoped, as MCW reads it:
 * {@code about.k8s.io/v1alpha1}, the version every release of the About API CRD serves. MCW reads one property,
 * {@value #CLUSTER_ID}, the cluster's id in its clusterset ({@link ClusterIds}).
 */
@Group(ClusterProperty.GROUP)
@Version(value = "v1alpha1", storage = false)
@Kind("ClusterProperty")
@Plural("clusterproperties")
@Singular("clusterproperty")
@Categories("multicluster")
@AdditionalPrinterColumn(name = "value", jsonPath = ".spec.value", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterProperty extends CustomResource<ClusterPropertySpec, Void> {
    public static final String GROUP = "about.k8s.io";
    /** The well-known property that holds this cluster's id, unique in its clusterset. */
    public static final String CLUSTER_ID = "cluster.clusterset.k8s.io";

    /** A property with its value, e.g. for tests and tools. */
    public static ClusterProperty of(String name, String value) {
        ClusterProperty property = new ClusterProperty();
        property.getMetadata().setName(name);
        property.setSpec(new ClusterPropertySpec(value));
        return property;
    }
}

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
 * The same {@code ClusterProperty} at {@code about.k8s.io/v1beta1}, the About API's storage version. MCW does not read
 * it; it exists so that the CRD MCW ships serves both versions with v1beta1 stored, as the About API's own CRD does:
 * applying MCW's CRD over the About API's must not drop a version its objects are stored in.
 */
@Group(ClusterProperty.GROUP)
@Version(value = "v1beta1", storage = true)
@Kind("ClusterProperty")
@Plural("clusterproperties")
@Singular("clusterproperty")
@Categories("multicluster")
@AdditionalPrinterColumn(name = "value", jsonPath = ".spec.value", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ClusterPropertyV1beta1 extends CustomResource<ClusterPropertySpec, Void> {
}

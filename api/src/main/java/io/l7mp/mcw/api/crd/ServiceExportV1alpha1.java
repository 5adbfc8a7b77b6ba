package io.l7mp.mcw.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@link ServiceExport} served at {@code multicluster.x-k8s.io/v1alpha1}, not stored: the same object, the same
 * schema (the MCS API's v1alpha1 has the v1beta1 fields since v0.2.0), so the API server converts by rewriting
 * {@code apiVersion} only. No MCW service reads it; it exists so that the CRD MCW generates keeps serving v1alpha1 for
 * objects and tools that still use it (ADR 0017).
 */
@Group(Mcs.GROUP)
@Version(value = Mcs.VERSION_V1ALPHA1, storage = false)
@Kind("ServiceExport")
@Plural("serviceexports")
@Singular("serviceexport")
@ShortNames({ "svcex", "svcexport" })
@Categories(Mcs.CATEGORY)
@AdditionalPrinterColumn(name = "WAN-Policy", jsonPath = ".metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Conflict", jsonPath = ".status.conditions[?(@.type==\"Conflict\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceExportV1alpha1 extends CustomResource<ServiceExportSpec, ServiceExportStatus> implements Namespaced {
}

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
 * KEP-1645 ServiceExport as published by the MCS API project at {@code v1beta1}, the storage version: name-mapped to
 * the Service of the same namespace and name; its spec lists the labels and annotations the ServiceImports get. MCW
 * reads its WAN policy from {@link WANPolicy#ANNOTATION}. {@link ServiceExportV1alpha1} is the same object served at
 * {@code v1alpha1} (ADR 0017).
 */
@Group(Mcs.GROUP)
@Version(value = Mcs.VERSION, storage = true)
@Kind("ServiceExport")
@Plural("serviceexports")
@Singular("serviceexport")
@ShortNames({ "svcex", "svcexport" })
@Categories(Mcs.CATEGORY)
@AdditionalPrinterColumn(name = "WAN-Policy", jsonPath = ".metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Conflict", jsonPath = ".status.conditions[?(@.type==\"Conflict\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceExport extends CustomResource<ServiceExportSpec, ServiceExportStatus> implements Namespaced {
}

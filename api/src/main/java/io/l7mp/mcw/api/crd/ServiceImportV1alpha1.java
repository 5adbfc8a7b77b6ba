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
 * The {@link ServiceImport} served at {@code multicluster.x-k8s.io/v1alpha1}, not stored: the same object and schema,
 * converted by the API server by rewriting {@code apiVersion} only. No MCW service reads it (ADR 0017).
 */
@Group(Mcs.GROUP)
@Version(value = Mcs.VERSION_V1ALPHA1, storage = false)
@Kind("ServiceImport")
@Plural("serviceimports")
@Singular("serviceimport")
@ShortNames({ "svcim", "svcimport" })
@Categories(Mcs.CATEGORY)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IP", jsonPath = ".spec.ips", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "WAN-Policy", jsonPath = ".metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceImportV1alpha1 extends CustomResource<ServiceImportSpec, ServiceImportStatus> implements Namespaced {
}

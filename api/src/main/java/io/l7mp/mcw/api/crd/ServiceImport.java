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
 * KEP-1645 ServiceImport at {@code v1beta1}, the storage version, created by the import-service in every cluster that
 * has the namespace. {@link ServiceImportV1alpha1} is the same object served at {@code v1alpha1} (ADR 0017).
 */
@Group(Mcs.GROUP)
@Version(value = Mcs.VERSION, storage = true)
@Kind("ServiceImport")
@Plural("serviceimports")
@Singular("serviceimport")
@ShortNames({ "svcim", "svcimport" })
@Categories(Mcs.CATEGORY)
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "IP", jsonPath = ".spec.ips", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "WAN-Policy", jsonPath = ".metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceImport extends CustomResource<ServiceImportSpec, ServiceImportStatus> implements Namespaced {
    /** Annotation recording the egress gateway port allocated per imported port, e.g. {@code http/TCP/8080=40001}. */
    public static final String ANNOTATION_EGRESS_PORTS = "mcw.l7mp.io/egress-ports";
    /** Annotation naming the derived Service whose clusterIP is the clusterset VIP. */
    public static final String ANNOTATION_DERIVED_SERVICE = "mcw.l7mp.io/derived-service";
}

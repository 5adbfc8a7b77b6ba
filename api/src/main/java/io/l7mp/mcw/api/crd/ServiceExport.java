package io.l7mp.mcw.api.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * KEP-1645 ServiceExport as published by the MCS API project: no spec, name-mapped to the Service
 * of the same namespace and name. MCW reads its WAN policy from {@link WANPolicy#ANNOTATION}.
 */
@Group(Mcs.GROUP)
@Version(Mcs.VERSION)
@Kind("ServiceExport")
@Plural("serviceexports")
@Singular("serviceexport")
@ShortNames({ "svcex" })
@AdditionalPrinterColumn(name = "WAN-Policy", jsonPath = ".metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Valid", jsonPath = ".status.conditions[?(@.type==\"Valid\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Conflict", jsonPath = ".status.conditions[?(@.type==\"Conflict\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ServiceExport extends CustomResource<Void, ServiceExportStatus> implements Namespaced {
}

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
 * A cluster-scoped WAN policy: which SD-WAN tunnel (destination port) a flow travels on, and the
 * SLA it needs. Deliberately not {@link Namespaced}: the seed calls it "cluster-global".
 */
@Group(WANPolicy.GROUP)
@Version(WANPolicy.VERSION)
@Kind("WANPolicy")
@Plural("wanpolicies")
@Singular("wanpolicy")
@ShortNames("wanp")
@AdditionalPrinterColumn(name = "Tunnel", jsonPath = ".spec.tunnel", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Port", jsonPath = ".spec.port", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Latency-ms", jsonPath = ".spec.sla.latency-ms", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Jitter-ms", jsonPath = ".spec.sla.jitter-ms", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Loss-%", jsonPath = ".spec.sla.loss-percent", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Accepted", jsonPath = ".status.conditions[?(@.type==\"Accepted\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class WANPolicy extends CustomResource<WANPolicySpec, WANPolicyStatus> {
    public static final String GROUP = "mcw.l7mp.io";
    public static final String VERSION = "v1alpha1";

    /** The annotation on a ServiceExport that names its WAN policy. */
    public static final String ANNOTATION = "mcw.l7mp.io/mc-wan-policy";
}

package io.l7mp.mcw.gateway.domain;

import java.time.Instant;

import io.l7mp.mcw.api.mcs.StaticIngress;

/** Where the exporting clusters of an import come from: the event bus, or the ServiceImport's static annotations. */
public sealed interface ImportSource {

    /** The clusters that export the service on the event bus (the KEP-1645 merge): the usual case. */
    ImportSource EVENT_BUS = new EventBus();

    /** The clusters that export the service on the event bus. */
    record EventBus() implements ImportSource {
    }

    /**
     * One remote ingress gateway the ServiceImport is pinned to ({@code mcwanctl import --ingress-gw}).
     *
     * @param since the ServiceImport's creation time: stands for the export's
     */
    record Static(StaticIngress ingress, Instant since) implements ImportSource {
        public Static {
            since = since == null ? Instant.EPOCH : since;
        }
    }

    /** A static import whose annotations cannot be read: no traffic is sent, the problem says why. */
    record Unusable(String problem) implements ImportSource {
    }
}

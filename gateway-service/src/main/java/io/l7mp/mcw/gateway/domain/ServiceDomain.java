package io.l7mp.mcw.gateway.domain;

/** The DNS zones a service name can be written in. */
public enum ServiceDomain {
    /** {@code <svc>.<ns>.svc.clusterset.local}: the service as the whole clusterset sees it (KEP-1645). */
    CLUSTERSET("svc.clusterset.local"),
    /** {@code <svc>.<ns>.svc.cluster.local}: the Service of one cluster. */
    CLUSTER("svc.cluster.local");

    private final String suffix;

    ServiceDomain(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}

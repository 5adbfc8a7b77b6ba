package io.l7mp.mcw.gateway.domain;

/** The Kubernetes kinds that carry L7 rules on top of imported services. */
public enum L7Kind {
    /** Istio {@code networking.istio.io} v1beta1 and v1 (same schema). */
    VIRTUAL_SERVICE("VirtualService"),
    /** Gateway API {@code gateway.networking.k8s.io} v1. */
    HTTP_ROUTE("HTTPRoute");

    private final String kind;

    L7Kind(String kind) {
        this.kind = kind;
    }

    /** The Kubernetes {@code kind}. */
    public String kind() {
        return kind;
    }
}

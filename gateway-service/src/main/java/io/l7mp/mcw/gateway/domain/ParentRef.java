package io.l7mp.mcw.gateway.domain;

/**
 * A Gateway API {@code ParentReference} as the HTTPRoute writes it: the fields left out stay null, so that
 * {@code status.parents[].parentRef} repeats exactly what the route says.
 */
public record ParentRef(String group, String kind, String namespace, String name, String sectionName,
        Integer port) {

    /** The parent a hostname of a route without Service parents stands for: the clusterset service it names. */
    public static ParentRef serviceImport(ServiceKey service) {
        return new ParentRef(HttpRouteParser.MCS_GROUP, "ServiceImport", service.namespace(), service.name(), null,
                null);
    }

    /** {@code Service secure/payment port 8080}, for messages. */
    public String describe(String routeNamespace) {
        return (kind == null ? "Gateway" : kind) + " " + (namespace == null ? routeNamespace : namespace) + "/" + name
                + (sectionName == null ? "" : " sectionName " + sectionName)
                + (port == null ? "" : " port " + port);
    }
}

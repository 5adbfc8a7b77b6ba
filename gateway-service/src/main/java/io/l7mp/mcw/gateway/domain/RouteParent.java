package io.l7mp.mcw.gateway.domain;

/**
 * A parent an HTTPRoute attaches to: a Service or ServiceImport of {@code spec.parentRefs} (the Gateway API mesh
 * profile, GAMMA), or the clusterset service a hostname names when the route has no such parent (an MCW convention:
 * {@code <svc>.<ns>.svc.clusterset.local} is the service's name across the clusterset).
 *
 * @param field where the route says it: {@code spec.parentRefs[0]} or {@code spec.hostnames[0]}
 * @param ref the parentRef as written, or the ServiceImport a hostname stands for; repeated in the route's status
 * @param port {@code parentRefs[].port}: the route applies to this service port only; null for every port
 * @param sectionName {@code parentRefs[].sectionName}: for a Service parent, the name of the one port the route
 *        applies to; null for every port
 * @param notAllowed why this parent does not take the route whatever else holds (a Service of another namespace);
 *        null when it may
 */
public record RouteParent(String field, ParentRef ref, ServiceKey service, Integer port, String sectionName,
        String notAllowed) {
    public RouteParent {
        if (field == null || ref == null || service == null) {
            throw new IllegalArgumentException("RouteParent needs field, ref and service");
        }
    }

    /** Whether the route applies to every port of the service. */
    public boolean everyPort() {
        return port == null && sectionName == null;
    }
}

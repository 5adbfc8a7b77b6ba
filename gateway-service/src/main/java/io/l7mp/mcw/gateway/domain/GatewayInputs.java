package io.l7mp.mcw.gateway.domain;

import java.util.List;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;

/**
 * Everything the route table of one cluster is computed from. Each list is the current full view (level-triggered):
 * the adapters pass what they hold, in any order; {@link RouteTableBuilder#build} sorts.
 *
 * @param cluster this cluster's name ({@code mcw.cluster.name})
 * @param exports every cluster's exports (the {@code mcw.exports.v1} view), this cluster's included
 * @param imports this cluster's ServiceImports with their allocated egress ports
 * @param policies this cluster's accepted WAN policies ({@code mcw.policies.v1}); other clusters' are ignored
 * @param localServices this cluster's Services with ready endpoints (the ingress backends)
 * @param l7Objects VirtualServices and HTTPRoutes of this cluster
 */
public record GatewayInputs(String cluster, List<ExportEvent> exports, List<ImportedService> imports,
        List<PolicyEvent> policies, List<LocalService> localServices, List<L7Object> l7Objects) {
    public GatewayInputs {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("GatewayInputs.cluster is missing");
        }
        exports = copy(exports);
        imports = copy(imports);
        policies = copy(policies);
        localServices = copy(localServices);
        l7Objects = copy(l7Objects);
    }

    /** Inputs of a cluster that has nothing yet. */
    public static GatewayInputs empty(String cluster) {
        return new GatewayInputs(cluster, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

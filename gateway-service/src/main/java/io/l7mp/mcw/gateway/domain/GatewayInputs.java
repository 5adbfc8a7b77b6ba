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
 * @param policies every cluster's accepted WAN policies ({@code mcw.policies.v1}): this cluster's open its ingress
 *        listeners, another cluster's are the tunnels it can be reached on
 * @param localServices this cluster's Services with ready endpoints (the ingress backends)
 * @param l7Objects VirtualServices and HTTPRoutes of this cluster
 * @param tunnels the paths' health, the tunnels in use and the time: what the tunnel choice rests on
 */
public record GatewayInputs(String cluster, List<ExportEvent> exports, List<ImportedService> imports,
        List<PolicyEvent> policies, List<LocalService> localServices, List<L7Object> l7Objects,
        TunnelInputs tunnels) {
    public GatewayInputs {
        if (cluster == null || cluster.isBlank()) {
            throw new IllegalArgumentException("GatewayInputs.cluster is missing");
        }
        exports = copy(exports);
        imports = copy(imports);
        policies = copy(policies);
        localServices = copy(localServices);
        l7Objects = copy(l7Objects);
        tunnels = tunnels == null ? TunnelInputs.NONE : tunnels;
    }

    /** Inputs without tunnel health: every path unknown, so every policy on its own tunnel. */
    public GatewayInputs(String cluster, List<ExportEvent> exports, List<ImportedService> imports,
            List<PolicyEvent> policies, List<LocalService> localServices, List<L7Object> l7Objects) {
        this(cluster, exports, imports, policies, localServices, l7Objects, TunnelInputs.NONE);
    }

    /** Inputs of a cluster that has nothing yet. */
    public static GatewayInputs empty(String cluster) {
        return new GatewayInputs(cluster, List.of(), List.of(), List.of(), List.of(), List.of(), TunnelInputs.NONE);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}

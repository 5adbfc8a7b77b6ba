package io.l7mp.mcw.export.domain;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;

/**
 * Everything the {@link ExportPlanner} decides from: this cluster's Kubernetes objects and the
 * topic views.
 *
 * @param policyEvents the policies topic view, keyed {@code <cluster>/<policy>}; only this cluster's keys count
 * @param exportEvents the exports topic view, keyed {@code <cluster>/<namespace>/<name>}; only the other
 *        clusters' events count (for conflicts)
 * @param defaultPolicy the policy of exports without the annotation, empty when none is configured
 */
public record ExportInputs(String cluster, String ingressAddress, Optional<String> defaultPolicy,
        Collection<LocalExport> exports, Collection<LocalService> services, Collection<LocalEndpointSlice> slices,
        Collection<LocalPolicy> policies, Map<String, PolicyEvent> policyEvents, Map<String, ExportEvent> exportEvents) {
    public ExportInputs {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(ingressAddress, "ingressAddress");
        defaultPolicy = defaultPolicy == null ? Optional.empty()
                : defaultPolicy.map(String::trim).filter(s -> !s.isEmpty());
        exports = List.copyOf(exports);
        services = List.copyOf(services);
        slices = List.copyOf(slices);
        policies = List.copyOf(policies);
        policyEvents = Map.copyOf(policyEvents);
        exportEvents = Map.copyOf(exportEvents);
    }
}

package io.l7mp.mcw.imports.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.api.event.SessionAffinityConfig;

/**
 * A ServiceImport as it should be in this cluster.
 *
 * @param ips the clusterset VIP: the derived Service's clusterIP once the API server allocated it; empty for
 *        Headless
 * @param ipFamilies the families of {@code ips}, in order; for Headless, the family of the addresses its DNS name
 *        resolves to (the egress gateway's EndpointSlice); empty while unknown
 * @param clusters the exporting clusters, oldest export first ({@code status.clusters})
 * @param policy the WAN policy of the winning (oldest) export
 * @param derivedService name of the derived Service, null when none is managed
 * @param tunnels the tunnel in use to each exporting cluster, sorted by cluster ({@code status.tunnels})
 * @param sessionAffinityConfig, internalTrafficPolicy, trafficDistribution the oldest export's, null when unset
 * @param exportedLabels, exportedAnnotations the oldest export's {@code spec.exportedLabels} and
 *        {@code spec.exportedAnnotations}: exactly these go onto the ServiceImport's metadata
 */
public record DesiredImport(String namespace, String name, String type, String sessionAffinity,
        List<ImportPort> ports, List<String> ips, List<String> clusters, String policy, List<EgressPort> egressPorts,
        String derivedService, List<ImportCondition> conditions, List<ImportTunnel> tunnels,
        SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy, String trafficDistribution,
        List<String> ipFamilies, Map<String, String> exportedLabels, Map<String, String> exportedAnnotations) {
    public DesiredImport {
        ports = List.copyOf(ports);
        ips = List.copyOf(ips);
        clusters = List.copyOf(clusters);
        egressPorts = List.copyOf(egressPorts);
        conditions = List.copyOf(conditions);
        tunnels = List.copyOf(tunnels);
        ipFamilies = List.copyOf(ipFamilies);
        exportedLabels = exportedLabels == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(exportedLabels));
        exportedAnnotations = exportedAnnotations == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(exportedAnnotations));
    }

    /** An import without exported labels or annotations. */
    public DesiredImport(String namespace, String name, String type, String sessionAffinity, List<ImportPort> ports,
            List<String> ips, List<String> clusters, String policy, List<EgressPort> egressPorts,
            String derivedService, List<ImportCondition> conditions, List<ImportTunnel> tunnels,
            SessionAffinityConfig sessionAffinityConfig, String internalTrafficPolicy, String trafficDistribution,
            List<String> ipFamilies) {
        this(namespace, name, type, sessionAffinity, ports, ips, clusters, policy, egressPorts, derivedService,
                conditions, tunnels, sessionAffinityConfig, internalTrafficPolicy, trafficDistribution, ipFamilies,
                Map.of(), Map.of());
    }
}

package io.l7mp.mcw.gateway.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The immutable routing snapshot of one cluster's gateway, built by {@link RouteTableBuilder#build} and swapped
 * atomically by the data plane. All decisions are pure functions of the table and their arguments; randomness is a
 * parameter, so every decision can be reproduced in a test.
 *
 * @param ingressListeners by port: one per accepted local WAN policy
 * @param exportedServices the services this cluster exports, with their backends
 * @param knownServices every service this cluster knows (local Services, imports, exports anywhere, L7 hosts): a
 *        known service that is not exported is refused with 403 at ingress, an unknown one with 404
 * @param egressListeners by port: one per imported service port
 * @param imports this cluster's imports
 * @param hosts the Host-routing listener's names: {@code <svc>.<ns>.svc.clusterset.local[:port]}
 * @param destinations per imported service: its exporting clusters, oldest export first
 * @param l7Rules per host service: the compiled rules of the VirtualService, or of the HTTPRoutes, that route it
 * @param refused L7 objects that were refused as a whole, with the reason
 * @param notices warnings and facts that refuse nothing
 * @param sourceHeaders what the egress gateway sets on every request it forwards: {@code x-mcw-source-cluster}, this
 *        cluster's name; made once per table rather than per request
 * @param tunnelChoices per {@code <destination cluster>/<policy>} of the destinations: the tunnel in use and why
 * @param routeStatuses per HTTPRoute the gateway handles: the {@code status.parents} entries it writes on it
 */
public record RouteTable(String cluster, SortedMap<Integer, IngressListener> ingressListeners,
        SortedMap<ServiceKey, ExportedService> exportedServices, SortedSet<ServiceKey> knownServices,
        SortedMap<Integer, EgressListener> egressListeners, SortedMap<ServiceKey, ImportedService> imports,
        SortedMap<String, HostRoute> hosts, SortedMap<ServiceKey, List<DestinationCluster>> destinations,
        SortedMap<ServiceKey, HostRules> l7Rules, List<RefusedObject> refused, List<Notice> notices,
        HeaderModifier sourceHeaders, SortedMap<String, TunnelChoice> tunnelChoices,
        SortedMap<ObjectRef, RouteStatus> routeStatuses, SortedSet<String> clusters) {

    public RouteTable {
        ingressListeners = Collections.unmodifiableSortedMap(new TreeMap<>(ingressListeners));
        exportedServices = Collections.unmodifiableSortedMap(new TreeMap<>(exportedServices));
        knownServices = Collections.unmodifiableSortedSet(new TreeSet<>(knownServices));
        egressListeners = Collections.unmodifiableSortedMap(new TreeMap<>(egressListeners));
        imports = Collections.unmodifiableSortedMap(new TreeMap<>(imports));
        hosts = Collections.unmodifiableSortedMap(new TreeMap<>(hosts));
        TreeMap<ServiceKey, List<DestinationCluster>> copied = new TreeMap<>();
        destinations.forEach((k, v) -> copied.put(k, List.copyOf(v)));
        destinations = Collections.unmodifiableSortedMap(copied);
        l7Rules = Collections.unmodifiableSortedMap(new TreeMap<>(l7Rules));
        refused = List.copyOf(refused);
        notices = List.copyOf(notices);
        if (sourceHeaders == null) {
            throw new IllegalArgumentException("RouteTable.sourceHeaders is missing");
        }
        tunnelChoices = Collections.unmodifiableSortedMap(new TreeMap<>(tunnelChoices));
        routeStatuses = Collections.unmodifiableSortedMap(new TreeMap<>(routeStatuses));
        clusters = Collections.unmodifiableSortedSet(new TreeSet<>(clusters));
    }

    /** The name a metric label gives a cluster: itself when it is one of the clusterset's, else {@code unknown}. */
    public String knownCluster(String name) {
        return name != null && clusters.contains(name) ? name : UNKNOWN_CLUSTER;
    }

    /** The label value of a cluster name that is not one of the clusterset's (bounded cardinality). */
    public static final String UNKNOWN_CLUSTER = "unknown";

    /** When a tunnel choice must be made again although no input changes (the earliest hold-down ending). */
    public Optional<Instant> reconsiderAt() {
        return tunnelChoices.values().stream().map(TunnelChoice::reconsiderAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder());
    }

    /** The tunnel in use per {@code <destination cluster>/<policy>}: the input of the next table's choice. */
    public Map<String, String> activeTunnels() {
        Map<String, String> active = new TreeMap<>();
        tunnelChoices.forEach((key, choice) -> active.put(key, choice.active().tunnel()));
        return active;
    }

    /** The table of a gateway with no inputs yet: it refuses everything. */
    public static RouteTable empty(String cluster) {
        return RouteTableBuilder.build(GatewayInputs.empty(cluster));
    }

    /**
     * Where a request or CONNECT arriving on an ingress listener goes.
     *
     * @param authority Host, {@code :authority} or CONNECT target: {@code <svc>.<ns>.svc.clusterset.local[:port]}
     *        or {@code .svc.cluster.local}
     */
    public IngressDecision ingress(int listenerPort, String authority) {
        return IngressRouting.decide(this, listenerPort, authority);
    }

    /**
     * Routes an HTTP request that arrived on the egress listener of an imported service port.
     *
     * @param random in [0, 1): picks the weighted destination and the first cluster
     */
    public EgressDecision egressHttp(int egressPort, HttpRequestView request, double random) {
        return EgressRouting.byListener(this, egressPort, request, random);
    }

    /**
     * Routes an HTTP request that arrived on the Host-routing listener, by its Host or {@code :authority}.
     *
     * @param random in [0, 1): picks the weighted destination and the first cluster
     */
    public EgressDecision egressHttp(String authority, HttpRequestView request, double random) {
        return EgressRouting.byAuthority(this, authority, request, random);
    }

    /** Routes an opaque TCP connection on an egress listener: service level, L7 rules do not apply. */
    public EgressDecision egressTcp(int egressPort, double random) {
        return EgressRouting.tcp(this, egressPort, random);
    }

    public Optional<IngressListener> ingressListener(int port) {
        return Optional.ofNullable(ingressListeners.get(port));
    }

    public Optional<EgressListener> egressListener(int port) {
        return Optional.ofNullable(egressListeners.get(port));
    }

    /** The ports the ingress gateway must listen on (TCP for traffic, UDP for tunnel probes). */
    public Set<Integer> ingressPorts() {
        return ingressListeners.keySet();
    }

    /** The ports the egress gateway must listen on, besides its Host-routing listener. */
    public Set<Integer> egressPorts() {
        return egressListeners.keySet();
    }

    /** Every compiled rule with its host, for the admin API. */
    public List<Map.Entry<ServiceKey, HttpRule>> allRules() {
        return l7Rules.values().stream()
                .flatMap(h -> h.allRules().stream().map(r -> Map.entry(h.host(), r)))
                .toList();
    }
}

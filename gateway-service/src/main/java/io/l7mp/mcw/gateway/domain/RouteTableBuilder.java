package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.mcs.ClusterBackend;
import io.l7mp.mcw.api.mcs.ConflictReason;
import io.l7mp.mcw.api.mcs.StaticIngress;
import io.l7mp.mcw.gateway.domain.ExportView.ServicePlan;

/**
 * Computes a cluster's {@link RouteTable} from its inputs: a pure, deterministic function (the order of the input
 * lists does not matter), so the data plane can rebuild the table on any input change and swap it atomically.
 */
public final class RouteTableBuilder {
    private RouteTableBuilder() {
    }

    /** The full computation: every service merged, every destination made. */
    public static RouteTable build(GatewayInputs in) {
        return build(in, ExportView.of(in.exports()), DestinationMemo.NONE);
    }

    /**
     * The same table from {@code exports}, the view of {@code in.exports()}, taking from {@code memo} the destination
     * lists that did not change since the last table ({@link RouteTablePlanner}).
     */
    static RouteTable build(GatewayInputs in, ExportView exports, DestinationMemo memo) {
        List<Notice> notices = new ArrayList<>();
        TreeMap<Integer, IngressListener> ingress = ingressListeners(in, notices);
        TreeMap<ServiceKey, ImportedService> imports = new TreeMap<>();
        in.imports().forEach(i -> imports.put(i.key(), i));
        L7Compiler.Compiled l7 = L7Compiler.compile(in.cluster(), in.l7Objects(), imports);
        notices.addAll(l7.notices());

        TreeSet<ServiceKey> known = new TreeSet<>(imports.keySet());
        in.localServices().forEach(s -> known.add(s.key()));
        exports.services().values().forEach(s -> known.add(s.key()));
        known.addAll(l7.rules().keySet());

        TreeMap<String, TunnelChoice> choices = new TreeMap<>();
        TreeMap<ServiceKey, List<DestinationCluster>> destinations = destinations(in, imports, exports, memo, choices,
                notices);
        return new RouteTable(in.cluster(), ingress, exportedServices(in, ingress, notices), known,
                egressListeners(imports, notices), imports, hosts(imports, l7.rules()), destinations,
                new TreeMap<>(l7.rules()), l7.refused(), notices,
                HeaderModifier.setting(EgressDecision.SOURCE_CLUSTER_HEADER, in.cluster()), choices, l7.statuses(),
                clusters(in, exports));
    }

    /**
     * The clusters of the clusterset: this one, every cluster with an accepted policy or an export, and the static
     * clusters of the imports. What a metric may name as a source cluster.
     */
    private static TreeSet<String> clusters(GatewayInputs in, ExportView exports) {
        TreeSet<String> clusters = new TreeSet<>(exports.clusters());
        clusters.add(in.cluster());
        in.policies().forEach(p -> clusters.add(p.cluster()));
        in.imports().forEach(i -> {
            if (i.source() instanceof ImportSource.Static s) {
                clusters.add(s.ingress().cluster());
            }
        });
        return clusters;
    }

    /** One listener per accepted policy of this cluster; a port claimed twice goes to the first policy by name. */
    private static TreeMap<Integer, IngressListener> ingressListeners(GatewayInputs in, List<Notice> notices) {
        TreeMap<Integer, IngressListener> listeners = new TreeMap<>();
        in.policies().stream().filter(p -> p.cluster().equals(in.cluster()))
                .sorted(Comparator.comparing(PolicyEvent::name)).forEach(p -> {
                    IngressListener existing = listeners.putIfAbsent(p.port(),
                            new IngressListener(p.port(), p.name(), p.tunnel(), p.dscp()));
                    if (existing != null) {
                        notices.add(new Notice("port " + p.port(), "policies " + existing.policy() + " and "
                                + p.name() + " both use port " + p.port() + "; the listener serves " + existing.policy()));
                    }
                });
        return listeners;
    }

    /** This cluster's exports, forwarded to the local Service's ready endpoints or its cluster IP. */
    private static TreeMap<ServiceKey, ExportedService> exportedServices(GatewayInputs in,
            Map<Integer, IngressListener> ingress, List<Notice> notices) {
        Map<ServiceKey, LocalService> local = new TreeMap<>();
        in.localServices().forEach(s -> local.put(s.key(), s));
        TreeMap<ServiceKey, ExportedService> exported = new TreeMap<>();
        in.exports().stream().filter(e -> e.cluster().equals(in.cluster())).forEach(e -> {
            ServiceKey key = new ServiceKey(e.namespace(), e.name());
            LocalService service = local.get(key);
            List<ExportedPort> ports = service == null ? portsOf(e) : portsOf(service);
            exported.put(key, new ExportedService(key, e.policy().name(), ports));
            if (service == null) {
                notices.add(new Notice(key.toString(), "exported by cluster " + in.cluster()
                        + " but its Service is not known here: requests get 503 until it is"));
            }
            if (!ingress.containsKey(e.policy().port())) {
                notices.add(new Notice(key.toString(), "exported over WAN policy " + e.policy().name() + " (port "
                        + e.policy().port() + "), which is not an accepted policy of cluster " + in.cluster()
                        + ": no ingress listener on port " + e.policy().port()));
            }
        });
        return exported;
    }

    /**
     * The ready endpoints of each port. A port without one has no backend, even with a cluster IP: the gateway is
     * where an endpoint is chosen (a cluster IP only reaches endpoints through kube-proxy, and none is ready), so such
     * a request is answered 503 here rather than sent to an address that leads nowhere.
     */
    private static List<ExportedPort> portsOf(LocalService service) {
        return service.ports().stream().map(p -> new ExportedPort(p.name(), p.protocol(), p.port(),
                p.endpoints().stream().sorted().toList())).toList();
    }

    private static List<ExportedPort> portsOf(ExportEvent export) {
        return export.ports().stream().map(p -> new ExportedPort(p.name(), p.protocol(), p.port(), List.of()))
                .toList();
    }

    private static TreeMap<Integer, EgressListener> egressListeners(Map<ServiceKey, ImportedService> imports,
            List<Notice> notices) {
        TreeMap<Integer, EgressListener> listeners = new TreeMap<>();
        imports.values().forEach(i -> i.ports().forEach(p -> {
            EgressListener existing = listeners.putIfAbsent(p.egressPort(),
                    new EgressListener(p.egressPort(), i.key(), p.port(), p.name(), p.protocol()));
            if (existing != null) {
                notices.add(new Notice("port " + p.egressPort(), "egress port " + p.egressPort() + " is allocated "
                        + "to " + existing.service() + " and " + i.key() + " port " + p.port() + "; it serves "
                        + existing.service()));
            }
        }));
        return listeners;
    }

    /**
     * Every imported service by name and by name:port; a name without port means the only port, or port 80. Hosts
     * that only L7 rules define take any port: their rules name the destinations.
     */
    private static TreeMap<String, HostRoute> hosts(Map<ServiceKey, ImportedService> imports,
            Map<ServiceKey, HostRules> rules) {
        TreeMap<String, HostRoute> hosts = new TreeMap<>();
        imports.values().forEach(i -> {
            String host = i.key().clustersetHost();
            i.ports().forEach(p -> hosts.put(host + ":" + p.port(), new HostRoute(i.key(), p.port())));
            Integer defaultPort = i.ports().size() == 1 ? Integer.valueOf(i.ports().get(0).port())
                    : i.port(80).map(ImportedPort::port).orElse(null);
            hosts.put(host, new HostRoute(i.key(), defaultPort));
        });
        rules.keySet().forEach(h -> hosts.putIfAbsent(h.clustersetHost(), new HostRoute(h, null)));
        return hosts;
    }

    /**
     * Per imported service, its exporting clusters (oldest first, from the KEP-1645 merge) with their own ports and the
     * tunnel each one's policy uses now ({@link TunnelSelector}, once per destination cluster and policy: the first
     * service, by {@code namespace/name}, that has the pair decides with its export's policy).
     */
    private static TreeMap<ServiceKey, List<DestinationCluster>> destinations(GatewayInputs in,
            Map<ServiceKey, ImportedService> imports, ExportView exports, DestinationMemo memo,
            TreeMap<String, TunnelChoice> choices, List<Notice> notices) {
        Map<String, List<PolicyEvent>> policiesByCluster = new TreeMap<>();
        in.policies().forEach(p -> policiesByCluster.computeIfAbsent(p.cluster(), c -> new ArrayList<>()).add(p));
        Map<PathKey, PathHealth> health = in.tunnels().byPath();
        List<ServicePlan> routed = new ArrayList<>();
        Map<String, TunnelChoice> chosen = new HashMap<>();
        exports.services().values().forEach(plan -> {
            ImportedService imported = imports.get(plan.key());
            if (imported == null || !(imported.source() instanceof ImportSource.EventBus)) {
                return;
            }
            plan.merged().conflicts().forEach(c -> notices.add(new Notice(plan.key().toString(), c.message()
                    + (c.reason() == ConflictReason.WANPolicyConflict
                            ? " (the ServiceImport's policy); the gateway still sends to each cluster over that "
                                    + "cluster's own policy, the one its ingress listens on"
                            : ""))));
            List<ClusterBackend> clusters = plan.merged().clusters();
            for (int i = 0; i < clusters.size(); i++) {
                ClusterBackend c = clusters.get(i);
                chosen.computeIfAbsent(plan.choiceKeys().get(i), k -> TunnelSelector.select(c.cluster(), c.policy(),
                        policiesByCluster.getOrDefault(c.cluster(), List.of()), health,
                        Optional.ofNullable(in.tunnels().current().get(k)), in.tunnels().now()));
            }
            routed.add(plan);
        });
        choices.putAll(chosen);
        TreeMap<ServiceKey, List<DestinationCluster>> destinations = new TreeMap<>();
        memo.begin(chosen);
        routed.forEach(plan -> destinations.put(plan.key(), memo.destinations(plan, p -> destinationsOf(p, chosen))));
        memo.end();
        List<PolicyEvent> local = policiesByCluster.getOrDefault(in.cluster(), List.of());
        imports.values().forEach(i -> {
            if (i.source() instanceof ImportSource.Static s) {
                destinations.put(i.key(), staticDestination(in, i, s, local, health, choices, notices));
            } else if (i.source() instanceof ImportSource.Unusable u) {
                destinations.put(i.key(), List.of());
                notices.add(new Notice(i.key().toString(), u.problem()));
            }
        });
        return destinations;
    }

    private static List<DestinationCluster> destinationsOf(ServicePlan plan, Map<String, TunnelChoice> choices) {
        List<ClusterBackend> clusters = plan.merged().clusters();
        List<DestinationCluster> list = new ArrayList<>(clusters.size());
        for (int i = 0; i < clusters.size(); i++) {
            ClusterBackend c = clusters.get(i);
            list.add(new DestinationCluster(c.cluster(), c.ingressAddress(), c.policy().name(),
                    choices.get(plan.choiceKeys().get(i)), c.readyEndpoints(), c.exportCreated(), plan.ports().get(i)));
        }
        return List.copyOf(list);
    }

    /**
     * The one destination of a static import: the pinned ingress, reached like any exporting cluster over this
     * cluster's policy the annotation names (its tunnel, on the annotation's port if any; the failover tunnels on
     * their own policies' ports at the same host). The exports of the service on the event bus are not merged in.
     */
    private static List<DestinationCluster> staticDestination(GatewayInputs in, ImportedService imported,
            ImportSource.Static pinned, List<PolicyEvent> local, Map<PathKey, PathHealth> health,
            TreeMap<String, TunnelChoice> choices, List<Notice> notices) {
        StaticIngress ingress = pinned.ingress();
        Optional<PolicyEvent> policy = local.stream().filter(p -> p.name().equals(ingress.policy())).findFirst();
        if (policy.isEmpty()) {
            notices.add(new Notice(imported.key().toString(), "static import pinned to " + ingress + ", which is not "
                    + "an accepted policy of cluster " + in.cluster() + ": nothing is sent until it is"));
            return List.of();
        }
        ExportedPolicy exported = ingress.exportedPolicy(policy.get());
        String choiceKey = TunnelInputs.key(ingress.cluster(), exported.name());
        TunnelChoice choice = choices.computeIfAbsent(choiceKey, k -> TunnelSelector.select(ingress.cluster(), exported,
                local, health, Optional.ofNullable(in.tunnels().current().get(k)), in.tunnels().now()));
        List<Integer> ports = imported.ports().stream().map(ImportedPort::port).sorted().toList();
        return List.of(new DestinationCluster(ingress.cluster(), ingress.ingress().host(), exported.name(), choice, 1,
                pinned.since(), ports));
    }
}

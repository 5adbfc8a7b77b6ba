package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The egress decisions. One random number drives both choices: the part of [0, 1) that picked the weighted
 * destination is rescaled to [0, 1) and picks the cluster, so that the two are independent and a test fixes both
 * with one value.
 */
final class EgressRouting {
    private EgressRouting() {
    }

    static EgressDecision byListener(RouteTable table, int egressPort, HttpRequestView request, double random) {
        EgressListener listener = table.egressListeners().get(egressPort);
        if (listener == null) {
            return noListener(table, egressPort);
        }
        return route(table, listener.service(), listener.servicePort(), request, random);
    }

    static EgressDecision byAuthority(RouteTable table, String authority, HttpRequestView request, double random) {
        Optional<Authority> parsed = Authority.parse(authority)
                .filter(a -> a.domain() == ServiceDomain.CLUSTERSET);
        if (parsed.isEmpty()) {
            return new EgressDecision.UnknownService("'" + authority + "' is not a clusterset service: expected "
                    + "<svc>.<ns>.svc.clusterset.local[:port]");
        }
        ServiceKey service = parsed.get().service();
        Integer port = parsed.get().port();
        String host = service.clustersetHost();
        HostRoute byPort = port == null ? null : table.hosts().get(host + ":" + port);
        HostRoute byName = table.hosts().get(host);
        if (byPort != null) {
            return route(table, service, byPort.port(), request, random);
        }
        if (byName == null) {
            return new EgressDecision.UnknownService(host + " is not imported in cluster " + table.cluster());
        }
        ImportedService imported = table.imports().get(service);
        if (imported == null) {
            return route(table, service, port, request, random);
        }
        String ports = imported.ports().stream().map(p -> String.valueOf(p.port())).collect(Collectors.joining(", "));
        if (port != null) {
            return new EgressDecision.UnknownService(host + " has no port " + port + " (ports: " + ports + ")");
        }
        if (byName.port() == null) {
            return new EgressDecision.UnknownService(host + " has several ports (" + ports + "): name one in the "
                    + "Host header");
        }
        return route(table, service, byName.port(), request, random);
    }

    static EgressDecision tcp(RouteTable table, int egressPort, double random) {
        UpstreamSelector.checkRandom(random);
        EgressListener listener = table.egressListeners().get(egressPort);
        if (listener == null) {
            return noListener(table, egressPort);
        }
        return send(table, listener.service(), listener.servicePort(), random, HeaderModifier.NONE,
                new RuleSource.ServiceLevel(listener.service()));
    }

    /**
     * L7 rules first when the host has any for the port; otherwise the service itself over its exporters' policies.
     *
     * @param port the service port the request is addressed to; null when it names none (a host only L7 rules
     *        define)
     */
    private static EgressDecision route(RouteTable table, ServiceKey service, Integer port, HttpRequestView request,
            double random) {
        UpstreamSelector.checkRandom(random);
        HeaderModifier source = table.sourceHeaders();
        HostRules hostRules = table.l7Rules().get(service);
        List<HttpRule> rules = hostRules == null ? List.of() : hostRules.rulesFor(port);
        if (rules.isEmpty()) {
            return send(table, service, port, random, source, new RuleSource.ServiceLevel(service));
        }
        Optional<HttpRule> rule = RuleMatcher.firstMatch(rules, request);
        if (rule.isEmpty()) {
            return new EgressDecision.NoRule("no rule of " + hostRules.describeObjects() + " matches "
                    + request.describe() + " for " + service.clustersetHost() + (port == null ? "" : ":" + port)
                    + ", so it is not sent to any cluster");
        }
        HttpRule matched = rule.get();
        if (matched.action() instanceof RuleAction.Redirect redirect) {
            return redirect(service, port, request, matched, redirect.redirect());
        }
        return forward(table, (RuleAction.Forward) matched.action(), matched, random, source);
    }

    /** The redirect a rule answers with; a {@code ReplacePrefixMatch} replaces what its PathPrefix matched. */
    private static EgressDecision redirect(ServiceKey service, Integer port, HttpRequestView request, HttpRule rule,
            RequestRedirect redirect) {
        PathMatch path = rule.matches().get(0).path();
        String prefix = path instanceof PathMatch.SegmentPrefix p ? p.value() : "/";
        return new EgressDecision.Redirect(redirect.statusCode(), redirect.location(request.authority(), service,
                port, request.path(), request.query(), prefix), rule.source());
    }

    /**
     * Picks the destination by weight; the share of the backends that cannot be used, and every request of a rule
     * without destinations, is answered 500.
     */
    private static EgressDecision forward(RouteTable table, RuleAction.Forward forward, HttpRule rule, double random,
            HeaderModifier source) {
        List<WeightedDestination> destinations = forward.destinations();
        int valid = destinations.stream().mapToInt(WeightedDestination::weight).sum();
        double target = random * (forward.unresolved().isEmpty() ? valid : valid + forward.unresolvedWeight());
        if (destinations.isEmpty() || target >= valid) {
            return new EgressDecision.BackendError(backendError(forward, rule), rule.source());
        }
        double cumulative = 0;
        WeightedDestination chosen = destinations.get(destinations.size() - 1);
        double rest = 0;
        for (WeightedDestination d : destinations) {
            if (d.weight() > 0 && target < cumulative + d.weight()) {
                chosen = d;
                rest = (target - cumulative) / d.weight();
                break;
            }
            cumulative += d.weight();
        }
        HeaderModifier headers = rule.requestHeaders().then(chosen.requestHeaders()).then(source);
        return send(table, chosen.service(), chosen.port(), Math.min(rest, Math.nextDown(1.0)), headers,
                rule.source());
    }

    private static String backendError(RuleAction.Forward forward, HttpRule rule) {
        if (forward.unresolved().isEmpty()) {
            return rule.source() + " has no backend to send the request to";
        }
        return rule.source() + " sent the request to a backend that cannot be used: "
                + forward.unresolved().stream().map(UnresolvedBackend::message).collect(Collectors.joining("; "));
    }

    private static EgressDecision send(RouteTable table, ServiceKey service, Integer port, double random,
            HeaderModifier headers, RuleSource source) {
        if (port == null) {
            return new EgressDecision.UnknownService(service.clustersetHost() + " names no port and "
                    + source + " sets none");
        }
        List<DestinationCluster> clusters = new ArrayList<>();
        for (DestinationCluster c : table.destinations().getOrDefault(service, List.of())) {
            if (c.ports().contains(port)) {
                clusters.add(c);
            }
        }
        if (clusters.isEmpty()) {
            return new EgressDecision.Unavailable("no cluster exports " + service + " port " + port
                    + " any more (imported in cluster " + table.cluster() + ")");
        }
        return new EgressDecision.Route(service, port, UpstreamSelector.order(clusters, random), headers, source);
    }

    private static EgressDecision noListener(RouteTable table, int egressPort) {
        return new EgressDecision.UnknownService("cluster " + table.cluster() + " has no egress listener on port "
                + egressPort);
    }
}

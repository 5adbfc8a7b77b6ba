package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * HTTPRoutes as the Gateway API mesh profile (GAMMA) defines them: each is attached to its parents one by one (a
 * parent in another namespace, one a VirtualService routes, or a port the service does not have does not take it);
 * the routes attached to one service are merged by the spec's precedence (the rules' own order, then the oldest route,
 * then namespace/name: the routes come here oldest first); a route attached to one port ({@code parentRefs[].port}
 * or {@code sectionName}) applies to that port only; a backend that cannot be used answers 500 for its share of the
 * requests. Every route it handles gets a status per parent.
 */
final class HttpRouteMerger {
    /** One route on one service: on every port ({@code ports} empty) or on those ports. */
    private record Attachment(ObjectRef route, TreeSet<Integer> ports, boolean everyPort, List<HttpRule> rules) {
    }

    private final String cluster;
    private final Map<ServiceKey, ImportedService> imports;
    private final List<RefusedObject> refused;
    private final List<Notice> notices;
    private final Map<ServiceKey, LinkedHashMap<ObjectRef, Attachment>> byHost = new TreeMap<>();
    private final SortedMap<ObjectRef, RouteStatus> statuses = new TreeMap<>();

    HttpRouteMerger(String cluster, Map<ServiceKey, ImportedService> imports, List<RefusedObject> refused,
            List<Notice> notices) {
        this.cluster = cluster;
        this.imports = imports;
        this.refused = refused;
        this.notices = notices;
    }

    /**
     * Attaches one route (call them oldest first).
     *
     * @param virtualServices the hosts VirtualServices route (older ones): an HTTPRoute is not merged with those
     */
    void add(L7Object route, ParseResult result, Map<ServiceKey, HostRules> virtualServices) {
        ObjectRef ref = route.ref();
        if (result instanceof ParseResult.Ignored ignored) {
            notices.add(new Notice(ref.toString(), ignored.reason()));
            return;
        }
        ParseResult.Refused refusal = result instanceof ParseResult.Refused r ? r : null;
        ParseResult.Parsed parsed = result instanceof ParseResult.Parsed p ? p : null;
        List<RouteParent> parents = parsed != null ? parsed.parents() : refusal.parents();
        List<HttpRule> rules = (parsed != null ? parsed.rules() : refusal.rules()).stream().map(this::resolve)
                .toList();
        List<String> warnings = parsed != null ? parsed.warnings() : List.of();
        RouteStatus.Condition resolvedRefs = resolvedRefs(rules);
        List<RouteStatus.ParentStatus> parentStatuses = new ArrayList<>();
        List<String> notTaken = new ArrayList<>();
        for (RouteParent parent : parents) {
            RouteStatus.Condition accepted = refusal == null ? attach(ref, parent, rules, virtualServices, warnings)
                    : refused(parent, refusal);
            if (!accepted.status()) {
                notTaken.add(accepted.message());
            }
            parentStatuses.add(new RouteStatus.ParentStatus(parent.ref(), accepted, resolvedRefs));
        }
        if (!parentStatuses.isEmpty()) {
            statuses.put(ref, new RouteStatus(ref, route.generation(), parentStatuses));
        }
        if (refusal != null) {
            refused.add(new RefusedObject(ref, refusal.reason()));
        } else if (notTaken.size() == parents.size()) {
            refused.add(new RefusedObject(ref, ref + ": " + String.join("; ", notTaken)));
        } else {
            notTaken.forEach(m -> notices.add(new Notice(ref.toString(), m)));
            warnings.forEach(w -> notices.add(new Notice(ref.toString(), w)));
            if (!resolvedRefs.status()) {
                notices.add(new Notice(ref.toString(), resolvedRefs.message()));
            }
        }
    }

    /** A refused route on one of its parents: that parent's own reason if it has one, else the refusal's. */
    private static RouteStatus.Condition refused(RouteParent parent, ParseResult.Refused refusal) {
        return parent.notAllowed() != null
                ? RouteStatus.Condition.notAccepted(RouteStatus.NOT_ALLOWED_BY_LISTENERS, parent.notAllowed())
                : RouteStatus.Condition.notAccepted(RouteStatus.UNSUPPORTED_VALUE, refusal.reason());
    }

    /** The oldest route attached to {@code host} on some port, if any. */
    Optional<ObjectRef> owner(ServiceKey host) {
        LinkedHashMap<ObjectRef, Attachment> attached = byHost.get(host);
        return attached == null ? Optional.empty() : attached.keySet().stream().findFirst();
    }

    /** The merged rules of every service some route is attached to. */
    Map<ServiceKey, HostRules> hostRules() {
        Map<ServiceKey, HostRules> result = new TreeMap<>();
        byHost.forEach((host, attached) -> result.put(host, merge(host, List.copyOf(attached.values()))));
        return result;
    }

    SortedMap<ObjectRef, RouteStatus> statuses() {
        return statuses;
    }

    /** Attaches the route to one parent, or says why that parent does not take it. */
    private RouteStatus.Condition attach(ObjectRef ref, RouteParent parent, List<HttpRule> rules,
            Map<ServiceKey, HostRules> virtualServices, List<String> warnings) {
        if (parent.notAllowed() != null) {
            return RouteStatus.Condition.notAccepted(RouteStatus.NOT_ALLOWED_BY_LISTENERS, parent.notAllowed());
        }
        ServiceKey service = parent.service();
        HostRules virtualService = virtualServices.get(service);
        if (virtualService != null) {
            return RouteStatus.Condition.notAccepted(RouteStatus.NOT_ALLOWED_BY_LISTENERS, parent.field() + " names "
                    + service.clustersetHost() + ", which " + virtualService.describeObjects() + " (older) routes; "
                    + "the MCW gateway does not merge a VirtualService with HTTPRoutes: move its rules into "
                    + "HTTPRoutes, or delete this route");
        }
        Optional<Integer> port = Optional.empty();
        if (!parent.everyPort()) {
            PortChoice choice = port(parent);
            if (choice.problem() != null) {
                return RouteStatus.Condition.notAccepted(RouteStatus.NO_MATCHING_PARENT, choice.problem());
            }
            port = Optional.of(choice.port());
        }
        LinkedHashMap<ObjectRef, Attachment> attached = byHost.computeIfAbsent(service, s -> new LinkedHashMap<>());
        Attachment before = attached.get(ref);
        TreeSet<Integer> ports = before == null ? new TreeSet<>() : new TreeSet<>(before.ports());
        port.ifPresent(ports::add);
        boolean everyPort = port.isEmpty() || before != null && before.everyPort();
        attached.put(ref, new Attachment(ref, ports, everyPort, rules));
        String where = service.clustersetHost() + port.map(p -> " port " + p).orElse(" (every port)");
        return RouteStatus.Condition.accepted("the MCW gateway of cluster " + cluster + " routes requests to "
                + where + " by this route" + (warnings.isEmpty() ? ""
                        : "; note: " + String.join("; note: ",
                                warnings)));
    }

    /** The service port a port-scoped parent names, or why it names none. */
    private record PortChoice(Integer port, String problem) {
    }

    private PortChoice port(RouteParent parent) {
        ImportedService imported = imports.get(parent.service());
        String names = parent.field() + " names " + parent.ref().describe(parent.service().namespace());
        if (imported == null) {
            if (parent.sectionName() != null) {
                return new PortChoice(null, names + ", but " + parent.service().clustersetHost() + " is not "
                        + "imported in cluster " + cluster + ", so its port names are not known here");
            }
            return new PortChoice(parent.port(), null);
        }
        List<ImportedPort> matching = imported.ports().stream()
                .filter(p -> parent.port() == null || p.port() == parent.port())
                .filter(p -> parent.sectionName() == null || parent.sectionName().equals(p.name())).toList();
        if (matching.isEmpty()) {
            return new PortChoice(null, names + ", which " + parent.service().clustersetHost() + " does not have "
                    + "(ports: " + imported.ports().stream().map(p -> (p.name() == null ? "" : p.name() + "/")
                            + p.port()).collect(Collectors.joining(", "))
                    + ")");
        }
        return new PortChoice(matching.get(0).port(), null);
    }

    /** Resolves a forwarding rule's destinations; those that cannot be sent to get the 500 share. */
    private HttpRule resolve(HttpRule rule) {
        if (!(rule.action() instanceof RuleAction.Forward forward)) {
            return rule;
        }
        List<WeightedDestination> resolved = new ArrayList<>();
        List<UnresolvedBackend> unresolved = new ArrayList<>(forward.unresolved());
        for (WeightedDestination d : forward.destinations()) {
            ImportedService imported = imports.get(d.service());
            String problem = L7Compiler.problem(d, imported, rule.source().ruleField(), cluster);
            if (problem == null) {
                resolved.add(L7Compiler.withPort(d, imported));
            } else {
                unresolved.add(new UnresolvedBackend(d.weight(), RouteStatus.BACKEND_NOT_FOUND, problem));
            }
        }
        return rule.withForward(resolved, unresolved);
    }

    /** ResolvedRefs of the whole route: the backends that cannot be used, each once, in field order. */
    private static RouteStatus.Condition resolvedRefs(List<HttpRule> rules) {
        TreeMap<String, UnresolvedBackend> unresolved = new TreeMap<>();
        rules.stream().filter(r -> r.action() instanceof RuleAction.Forward)
                .flatMap(r -> ((RuleAction.Forward) r.action()).unresolved().stream())
                .forEach(u -> unresolved.putIfAbsent(u.message(), u));
        if (unresolved.isEmpty()) {
            return new RouteStatus.Condition(RouteStatus.RESOLVED_REFS, true, RouteStatus.RESOLVED_REFS,
                    "every backendRef names a service port imported here");
        }
        return new RouteStatus.Condition(RouteStatus.RESOLVED_REFS, false, unresolved.firstEntry().getValue().reason(),
                String.join("; ", unresolved.keySet()) + ": the requests " + (unresolved.size() == 1 ? "it" : "they")
                        + " would get are answered 500");
    }

    /** The rules of one service: of the routes on every port, and per port of the routes on that port too. */
    private static HostRules merge(ServiceKey host, List<Attachment> attached) {
        List<HttpRule> everyPort = sorted(attached.stream().filter(Attachment::everyPort).toList());
        TreeMap<Integer, List<HttpRule>> portRules = new TreeMap<>();
        attached.forEach(a -> a.ports().forEach(p -> portRules.computeIfAbsent(p, q -> sorted(attached.stream()
                .filter(b -> b.everyPort() || b.ports().contains(q)).toList()))));
        return new HostRules(host, attached.stream().map(Attachment::route).toList(), everyPort, portRules);
    }

    /** The routes' rules in route order, sorted by precedence: the sort is stable, so route order breaks ties. */
    private static List<HttpRule> sorted(List<Attachment> routes) {
        List<HttpRule> rules = new ArrayList<>();
        routes.forEach(a -> rules.addAll(a.rules()));
        rules.sort(HttpRouteParser.PRECEDENCE);
        return rules;
    }
}

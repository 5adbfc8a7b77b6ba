package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the L7 objects into per-host rules. A VirtualService routes its hosts alone: it is refused as a whole when a
 * destination is not imported here or when an older object routes one of its hosts. HTTPRoutes follow the Gateway API
 * mesh profile ({@link HttpRouteMerger}): several may share a parent, a backend that cannot be used answers 500 for
 * its share, and each gets a status per parent.
 */
final class L7Compiler {
    private L7Compiler() {
    }

    /**
     * @param statuses per HTTPRoute the MCW gateway handles (one with a Service parent, or hostnames): its status
     */
    record Compiled(Map<ServiceKey, HostRules> rules, List<RefusedObject> refused, List<Notice> notices,
            SortedMap<ObjectRef, RouteStatus> statuses) {
    }

    static Compiled compile(String cluster, List<L7Object> objects, Map<ServiceKey, ImportedService> imports) {
        Map<ServiceKey, HostRules> virtualServices = new TreeMap<>();
        List<RefusedObject> refused = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        HttpRouteMerger httpRoutes = new HttpRouteMerger(cluster, imports, refused, notices);
        List<L7Object> oldestFirst = objects.stream()
                .sorted(Comparator.comparing(L7Object::created).thenComparing(L7Object::ref)).toList();
        for (L7Object object : oldestFirst) {
            ParseResult result = parse(object);
            if (object.kind() == L7Kind.HTTP_ROUTE) {
                httpRoutes.add(object, result, virtualServices);
            } else if (result instanceof ParseResult.Refused r) {
                refused.add(new RefusedObject(object.ref(), r.reason()));
            } else if (result instanceof ParseResult.Ignored i) {
                notices.add(new Notice(object.ref().toString(), i.reason()));
            } else if (result instanceof ParseResult.Parsed p) {
                acceptVirtualService(cluster, object.ref(), p, imports, virtualServices, httpRoutes, refused, notices);
            }
        }
        refused.sort(Comparator.comparing(RefusedObject::object));
        Map<ServiceKey, HostRules> rules = new TreeMap<>(virtualServices);
        rules.putAll(httpRoutes.hostRules());
        return new Compiled(rules, refused, notices, httpRoutes.statuses());
    }

    private static void acceptVirtualService(String cluster, ObjectRef ref, ParseResult.Parsed parsed,
            Map<ServiceKey, ImportedService> imports, Map<ServiceKey, HostRules> byHost, HttpRouteMerger httpRoutes,
            List<RefusedObject> refused, List<Notice> notices) {
        List<String> errors = new ArrayList<>();
        List<HttpRule> rules = parsed.rules().stream().map(r -> resolve(r, cluster, imports, errors)).toList();
        for (ServiceKey h : parsed.hosts()) {
            String owner = byHost.containsKey(h) ? byHost.get(h).describeObjects()
                    : httpRoutes.owner(h).map(ObjectRef::toString).orElse(null);
            if (owner != null) {
                errors.add("host " + h.clustersetHost() + " is already routed by " + owner + " (older); the MCW "
                        + "gateway takes one VirtualService per host, and does not merge one with HTTPRoutes: "
                        + "merge the rules into one object");
            }
        }
        if (errors.isEmpty()) {
            parsed.hosts().forEach(h -> byHost.put(h, new HostRules(h, ref, rules)));
            parsed.warnings().forEach(w -> notices.add(new Notice(ref.toString(), w)));
        } else {
            refused.add(new RefusedObject(ref, ref + ": " + String.join("; ", errors)));
        }
    }

    /** Parses one object with the parser of its kind. */
    static ParseResult parse(L7Object object) {
        return switch (object.kind()) {
            case VIRTUAL_SERVICE -> VirtualServiceParser.parse(object.namespace(), object.name(), object.spec());
            case HTTP_ROUTE -> HttpRouteParser.parse(object.namespace(), object.name(), object.spec());
        };
    }

    /** Fills in each destination's port; records an error for a destination that is not imported here. */
    private static HttpRule resolve(HttpRule rule, String cluster, Map<ServiceKey, ImportedService> imports,
            List<String> errors) {
        List<WeightedDestination> resolved = new ArrayList<>();
        for (WeightedDestination d : rule.destinations()) {
            String problem = problem(d, imports.get(d.service()), rule.source().field(), cluster);
            if (problem != null) {
                errors.add(problem);
            } else {
                resolved.add(withPort(d, imports.get(d.service())));
            }
        }
        return errors.isEmpty() ? rule.withDestinations(resolved) : rule;
    }

    /**
     * Why a destination cannot be sent to (not imported here, no such port, several ports and none named), or null.
     *
     * @param field the rule's field path, for the message
     */
    static String problem(WeightedDestination d, ImportedService imported, String field, String cluster) {
        String where = field + " routes to " + d.service().clustersetHost();
        if (imported == null) {
            return where + ", which is not imported in cluster " + cluster
                    + " (no cluster exports it, or the name is wrong)";
        }
        String ports = imported.ports().stream().map(p -> String.valueOf(p.port())).collect(Collectors.joining(", "));
        if (d.port() != null && imported.port(d.port()).isEmpty()) {
            return where + " port " + d.port() + ", which it does not have (ports: " + ports + ")";
        }
        if (d.port() == null && imported.ports().size() != 1) {
            return where + " without a port, and it has " + imported.ports().size() + " (" + ports
                    + "): name the port";
        }
        return null;
    }

    /** The destination with its port filled in; {@link #problem} found none. */
    static WeightedDestination withPort(WeightedDestination d, ImportedService imported) {
        return d.withPort(d.port() != null ? d.port() : imported.ports().get(0).port());
    }
}

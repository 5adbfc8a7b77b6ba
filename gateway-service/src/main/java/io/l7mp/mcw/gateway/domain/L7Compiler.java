package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns the L7 objects into per-host rules: parses each, checks that every destination is an imported service with
 * a port it has, and gives each host to one object (the oldest claiming it). An object with any problem is refused
 * as a whole.
 */
final class L7Compiler {
    private L7Compiler() {
    }

    record Compiled(Map<ServiceKey, HostRules> rules, List<RefusedObject> refused, List<Notice> notices) {
    }

    static Compiled compile(String cluster, List<L7Object> objects, Map<ServiceKey, ImportedService> imports) {
        Map<ServiceKey, HostRules> byHost = new TreeMap<>();
        List<RefusedObject> refused = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        List<L7Object> oldestFirst = objects.stream()
                .sorted(Comparator.comparing(L7Object::created).thenComparing(L7Object::ref)).toList();
        for (L7Object object : oldestFirst) {
            ObjectRef ref = object.ref();
            ParseResult result = parse(object);
            if (result instanceof ParseResult.Refused r) {
                refused.add(new RefusedObject(ref, r.reason()));
            } else if (result instanceof ParseResult.Ignored i) {
                notices.add(new Notice(ref.toString(), i.reason()));
            } else if (result instanceof ParseResult.Parsed p) {
                accept(cluster, ref, p, imports, byHost, refused, notices);
            }
        }
        refused.sort(Comparator.comparing(RefusedObject::object));
        return new Compiled(byHost, refused, notices);
    }

    private static void accept(String cluster, ObjectRef ref, ParseResult.Parsed parsed,
            Map<ServiceKey, ImportedService> imports, Map<ServiceKey, HostRules> byHost, List<RefusedObject> refused,
            List<Notice> notices) {
        List<String> errors = new ArrayList<>();
        List<HttpRule> rules = parsed.rules().stream().map(r -> resolve(r, cluster, imports, errors)).toList();
        parsed.hosts().stream().filter(byHost::containsKey).forEach(h -> errors.add("host " + h.clustersetHost()
                + " is already routed by " + byHost.get(h).object() + " (older); the MCW gateway takes one L7 "
                + "object per host: merge the rules into one object"));
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
            ImportedService imported = imports.get(d.service());
            String where = rule.source().field() + " routes to " + d.service().clustersetHost();
            if (imported == null) {
                errors.add(where + ", which is not imported in cluster " + cluster
                        + " (no cluster exports it, or the name is wrong)");
                continue;
            }
            String ports = imported.ports().stream().map(p -> String.valueOf(p.port()))
                    .collect(Collectors.joining(", "));
            if (d.port() != null && imported.port(d.port()).isEmpty()) {
                errors.add(where + " port " + d.port() + ", which it does not have (ports: " + ports + ")");
            } else if (d.port() == null && imported.ports().size() != 1) {
                errors.add(where + " without a port, and it has " + imported.ports().size() + " (" + ports
                        + "): name the port");
            } else {
                resolved.add(d.withPort(d.port() != null ? d.port() : imported.ports().get(0).port()));
            }
        }
        return errors.isEmpty() ? rule.withDestinations(resolved) : rule;
    }
}

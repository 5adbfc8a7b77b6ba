package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a route table as ordered maps, lists, strings and numbers: the same input always gives the same tree, so
 * it serves the golden files (as YAML) and the admin API (as JSON) alike. Absent values are left out.
 */
public final class RouteTableRenderer {
    private RouteTableRenderer() {
    }

    public static Map<String, Object> render(RouteTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", table.cluster());
        out.put("ingress", ingress(table));
        out.put("egress", egress(table));
        Map<String, Object> routes = new LinkedHashMap<>();
        table.l7Rules().values().forEach(h -> routes.put(h.host().clustersetHost(), hostRules(h)));
        out.put("routes", routes);
        Map<String, Object> tunnels = new LinkedHashMap<>();
        table.tunnelChoices().forEach((key, choice) -> tunnels.put(key, tunnel(choice)));
        out.put("tunnels", tunnels);
        out.put("refused", table.refused().stream().map(r -> map("object", r.object().toString(), "reason",
                r.reason())).toList());
        out.put("notices", table.notices().stream().map(n -> map("subject", n.subject(), "message", n.message()))
                .toList());
        if (!table.routeStatuses().isEmpty()) {
            out.put("routeStatuses", table.routeStatuses().values().stream().map(RouteTableRenderer::routeStatus)
                    .toList());
        }
        out.put("knownServices", table.knownServices().stream().map(ServiceKey::toString).toList());
        return out;
    }

    private static Map<String, Object> ingress(RouteTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listeners", table.ingressListeners().values().stream()
                .map(l -> map("port", l.port(), "policy", l.policy(), "tunnel", l.tunnel(), "dscp", l.dscp()))
                .toList());
        out.put("services", table.exportedServices().values().stream().map(RouteTableRenderer::exported).toList());
        return out;
    }

    private static Map<String, Object> exported(ExportedService service) {
        return map("service", service.service().toString(), "policy", service.policy(), "ports",
                service.ports().stream().map(p -> map("name", p.name(), "protocol", p.protocol(), "port", p.port(),
                        "backends", p.backends().stream().map(Endpoint::toString).toList())).toList());
    }

    private static Map<String, Object> egress(RouteTable table) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("listeners", table.egressListeners().values().stream().map(l -> map("port", l.port(), "service",
                l.service().toString(), "servicePort", l.servicePort(), "portName", l.portName(), "protocol",
                l.protocol())).toList());
        Map<String, Object> hosts = new LinkedHashMap<>();
        table.hosts().forEach((name, route) -> hosts.put(name, route.toString()));
        out.put("hosts", hosts);
        Map<String, Object> destinations = new LinkedHashMap<>();
        table.destinations().forEach((service, clusters) -> destinations.put(service.toString(), clusters.stream()
                .map(c -> map("cluster", c.cluster(), "ingress", c.ingressAddress(), "tunnelPort", c.tunnelPort(),
                        "policy", c.policy(), "tunnel", c.tunnel(), "dscp", c.dscp(), "readyEndpoints",
                        c.readyEndpoints(), "exportCreated", c.exportCreated().toString(), "ports", c.ports()))
                .toList()));
        out.put("destinations", destinations);
        return out;
    }

    /** One tunnel choice: the tunnel in use, why, and the fallbacks. */
    public static Map<String, Object> tunnel(TunnelChoice choice) {
        return map("preferred", choice.preferredTunnel(), "active", choice.active().toString(), "kind",
                choice.kind().name(), "reason", choice.reason(), "slaSatisfied", choice.slaSatisfied(), "fallbacks",
                choice.fallbacks().stream().map(TunnelOption::toString).toList(), "reconsiderAt",
                choice.reconsiderAt() == null ? null : choice.reconsiderAt().toString());
    }

    private static Map<String, Object> hostRules(HostRules rules) {
        Map<String, Object> ports = new LinkedHashMap<>();
        rules.portRules().forEach((port, list) -> ports.put(String.valueOf(port),
                list.stream().map(RouteTableRenderer::rule).toList()));
        return map("objects", rules.objects().stream().map(ObjectRef::toString).toList(), "rules",
                rules.rules().stream().map(RouteTableRenderer::rule).toList(), "portRules",
                ports.isEmpty() ? null : ports);
    }

    /** One rule: source, matches, what it does (destinations, unresolved backends, redirect), header changes. */
    public static Map<String, Object> rule(HttpRule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", rule.source().toString());
        out.put("matches", rule.matches().stream().map(RouteTableRenderer::match).toList());
        if (rule.action() instanceof RuleAction.Forward forward) {
            out.put("destinations", forward.destinations().stream().map(d -> map("service", d.service().toString(),
                    "port", d.port(), "weight", d.weight(), "requestHeaders", headers(d.requestHeaders()))).toList());
            out.put("unresolved", forward.unresolved().isEmpty() ? null
                    : forward.unresolved().stream()
                            .map(u -> map("weight", u.weight(), "reason", u.reason(), "message", u.message())).toList());
        } else if (rule.action() instanceof RuleAction.Redirect redirect) {
            out.put("redirect", redirect(redirect.redirect()));
        }
        out.put("requestHeaders", headers(rule.requestHeaders()));
        out.values().removeIf(v -> v == null);
        return out;
    }

    private static Map<String, Object> redirect(RequestRedirect redirect) {
        Map<String, Object> path = null;
        if (redirect.path() instanceof RequestRedirect.PathModifier.ReplaceFullPath full) {
            path = map("replaceFullPath", full.value());
        } else if (redirect.path() instanceof RequestRedirect.PathModifier.ReplacePrefixMatch prefix) {
            path = map("replacePrefixMatch", prefix.value());
        }
        return map("scheme", redirect.scheme(), "hostname", redirect.hostname(), "path", path, "port",
                redirect.port(), "statusCode", redirect.statusCode());
    }

    /** An HTTPRoute's status as the gateway writes it, without times. */
    public static Map<String, Object> routeStatus(RouteStatus status) {
        return map("route", status.route().toString(), "observedGeneration", status.generation(), "parents",
                status.parents().stream().map(p -> map("parentRef", parentRef(p.parentRef()), "conditions",
                        List.of(condition(p.accepted()), condition(p.resolvedRefs())))).toList());
    }

    private static Map<String, Object> parentRef(ParentRef ref) {
        return map("group", ref.group(), "kind", ref.kind(), "namespace", ref.namespace(), "name", ref.name(),
                "sectionName", ref.sectionName(), "port", ref.port());
    }

    private static Map<String, Object> condition(RouteStatus.Condition condition) {
        return map("type", condition.type(), "status", condition.status() ? "True" : "False", "reason",
                condition.reason(), "message", condition.message());
    }

    private static Map<String, Object> match(HttpMatch match) {
        if (match.equals(HttpMatch.ANY)) {
            return map("any", true);
        }
        List<Object> headers = new ArrayList<>();
        match.headers().forEach(h -> headers.add(stringMatch(map("name", h.name()), h.match())));
        List<Object> query = new ArrayList<>();
        match.queryParams().forEach(q -> query.add(stringMatch(map("name", q.name()), q.match())));
        return map("method", match.method(), "path", path(match.path()), "headers", headers.isEmpty() ? null : headers,
                "queryParams", query.isEmpty() ? null : query);
    }

    private static Map<String, Object> path(PathMatch path) {
        if (path instanceof PathMatch.Exact e) {
            return map("exact", e.value());
        } else if (path instanceof PathMatch.Prefix p) {
            return map("prefix", p.value());
        } else if (path instanceof PathMatch.SegmentPrefix p) {
            return map("pathPrefix", p.value());
        } else if (path instanceof PathMatch.Regex r) {
            return map("regex", r.regex());
        }
        return null;
    }

    private static Map<String, Object> stringMatch(Map<String, Object> out, StringMatch match) {
        if (match instanceof StringMatch.Exact e) {
            out.put("exact", e.value());
        } else if (match instanceof StringMatch.Prefix p) {
            out.put("prefix", p.value());
        } else if (match instanceof StringMatch.Regex r) {
            out.put("regex", r.regex());
        } else {
            out.put("present", true);
        }
        return out;
    }

    private static Map<String, Object> headers(HeaderModifier headers) {
        if (headers.isEmpty()) {
            return null;
        }
        return map("set", headers.set().isEmpty() ? null : headers.set(), "add",
                headers.add().isEmpty() ? null : headers.add(), "remove",
                headers.remove().isEmpty() ? null : headers.remove());
    }

    /** An ordered map of key/value pairs, without the null values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                out.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return out;
    }
}

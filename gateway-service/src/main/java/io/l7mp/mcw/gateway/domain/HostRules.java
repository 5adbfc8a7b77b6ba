package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The compiled L7 rules of one host, in evaluation order: a VirtualService's, or those of every HTTPRoute attached to
 * the service, merged by Gateway API precedence.
 *
 * @param objects the objects the rules come from: one VirtualService, or the HTTPRoutes oldest first
 * @param rules the rules of every port but those in {@code portRules}
 * @param portRules per service port that some route is attached to alone ({@code parentRefs[].port} or
 *        {@code sectionName}): the rules there, those of the routes on every port included
 */
public record HostRules(ServiceKey host, List<ObjectRef> objects, List<HttpRule> rules,
        SortedMap<Integer, List<HttpRule>> portRules) {
    public HostRules {
        objects = List.copyOf(objects);
        rules = List.copyOf(rules);
        TreeMap<Integer, List<HttpRule>> copied = new TreeMap<>();
        portRules.forEach((port, list) -> copied.put(port, List.copyOf(list)));
        portRules = Collections.unmodifiableSortedMap(copied);
    }

    /** One object's rules on every port. */
    public HostRules(ServiceKey host, ObjectRef object, List<HttpRule> rules) {
        this(host, List.of(object), rules, new TreeMap<>());
    }

    /** The rules of requests to {@code port} of the service (null: a port not known, so no port-scoped rule). */
    public List<HttpRule> rulesFor(Integer port) {
        List<HttpRule> scoped = port == null ? null : portRules.get(port);
        return scoped != null ? scoped : rules;
    }

    /** Every rule once, whatever its port, for the admin API. */
    public List<HttpRule> allRules() {
        LinkedHashSet<HttpRule> all = new LinkedHashSet<>(rules);
        portRules.values().forEach(all::addAll);
        return new ArrayList<>(all);
    }

    /** The objects, for messages: {@code HTTPRoute secure/a, HTTPRoute secure/b}. */
    public String describeObjects() {
        return String.join(", ", objects.stream().map(ObjectRef::toString).toList());
    }
}

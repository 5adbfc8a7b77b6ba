package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** The compiled L7 rules of one host, from one object, in evaluation order. */
public record HostRules(ServiceKey host, ObjectRef object, List<HttpRule> rules) {
    public HostRules {
        rules = List.copyOf(rules);
    }
}

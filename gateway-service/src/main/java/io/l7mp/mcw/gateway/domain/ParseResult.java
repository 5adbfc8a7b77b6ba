package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** What a VirtualService or HTTPRoute parser made of one object. */
public sealed interface ParseResult {
    /**
     * The object is valid: its rules apply to its hosts. Destinations are not yet checked against the imports
     * ({@link RouteTableBuilder} does, and refuses the whole object when one is not imported).
     *
     * @param hosts the services whose requests the rules route, in object order without duplicates
     * @param rules in evaluation order (first match wins)
     * @param warnings things that are valid but probably not meant, or ignored fields
     */
    record Parsed(List<ServiceKey> hosts, List<HttpRule> rules, List<String> warnings) implements ParseResult {
        public Parsed {
            hosts = List.copyOf(hosts);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
        }
    }

    /** The object is invalid and none of it applies; the reason names the object, each bad field and the fix. */
    record Refused(String reason) implements ParseResult {
    }

    /**
     * The object is not addressed to the MCW gateway (an Istio VirtualService bound to gateways only, an HTTPRoute
     * attached to a Gateway): nothing applies and no Kubernetes Event should be written about it.
     */
    record Ignored(String reason) implements ParseResult {
    }
}

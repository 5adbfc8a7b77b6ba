package io.l7mp.mcw.gateway.domain;

import java.util.List;

/** What a VirtualService or HTTPRoute parser made of one object. */
public sealed interface ParseResult {
    /**
     * The object is valid: its rules apply to its hosts. Destinations are not yet checked against the imports
     * ({@link RouteTableBuilder} does).
     *
     * @param hosts the services whose requests the rules route, in object order without duplicates (for an HTTPRoute:
     *        those of the parents that may take it)
     * @param rules in evaluation order (first match wins)
     * @param warnings things that are valid but probably not meant, or ignored fields
     * @param parents an HTTPRoute's parents, with the ports each applies to; empty for a VirtualService
     */
    record Parsed(List<ServiceKey> hosts, List<HttpRule> rules, List<String> warnings, List<RouteParent> parents)
            implements
                ParseResult {
        public Parsed {
            hosts = List.copyOf(hosts);
            rules = List.copyOf(rules);
            warnings = List.copyOf(warnings);
            parents = List.copyOf(parents);
        }

        public Parsed(List<ServiceKey> hosts, List<HttpRule> rules, List<String> warnings) {
            this(hosts, rules, warnings, List.of());
        }
    }

    /**
     * The object is invalid and none of it applies; the reason names the object, each bad field and the fix.
     *
     * @param parents an HTTPRoute's parents as far as they could be read, so that its status can say so on each
     * @param rules an HTTPRoute's rules as far as they could be read, so that its status can tell its references
     */
    record Refused(String reason, List<RouteParent> parents, List<HttpRule> rules) implements ParseResult {
        public Refused {
            parents = List.copyOf(parents);
            rules = List.copyOf(rules);
        }

        public Refused(String reason) {
            this(reason, List.of(), List.of());
        }
    }

    /**
     * The object is not addressed to the MCW gateway (an Istio VirtualService bound to gateways only, an HTTPRoute
     * attached to a Gateway): nothing applies and no Kubernetes Event should be written about it.
     */
    record Ignored(String reason) implements ParseResult {
    }
}

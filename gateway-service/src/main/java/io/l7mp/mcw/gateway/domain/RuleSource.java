package io.l7mp.mcw.gateway.domain;

/** Where a routing decision comes from, for the admin API and logs. */
public sealed interface RuleSource {
    /** No L7 rule applies: the service is routed over its own WAN policy. */
    record ServiceLevel(ServiceKey service) implements RuleSource {
        @Override
        public String toString() {
            return "service " + service;
        }
    }

    /**
     * A rule of an L7 object.
     *
     * @param ruleIndex index in {@code spec.http} (VirtualService) or {@code spec.rules} (HTTPRoute)
     * @param matchIndex index in the HTTPRoute rule's {@code matches} (its matches are ordered one by one by Gateway
     *        API precedence); null for a VirtualService rule, or an HTTPRoute rule without matches
     */
    record L7Rule(ObjectRef object, int ruleIndex, Integer matchIndex) implements RuleSource {
        /** The rule's field path in the object: {@code spec.http[0]}, {@code spec.rules[1].matches[0]}. */
        public String field() {
            if (object.kind() == L7Kind.VIRTUAL_SERVICE) {
                return "spec.http[" + ruleIndex + "]";
            }
            return "spec.rules[" + ruleIndex + "]" + (matchIndex == null ? "" : ".matches[" + matchIndex + "]");
        }

        /** The rule's field path without the match: {@code spec.http[0]}, {@code spec.rules[1]}. */
        public String ruleField() {
            return (object.kind() == L7Kind.VIRTUAL_SERVICE ? "spec.http[" : "spec.rules[") + ruleIndex + "]";
        }

        @Override
        public String toString() {
            return object + " " + field();
        }
    }
}

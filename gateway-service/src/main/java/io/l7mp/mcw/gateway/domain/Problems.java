package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a parser found wrong or doubtful in one L7 object. Every problem is collected, so that a refusal lists all
 * fixes at once instead of one per edit-apply round.
 */
final class Problems {
    private final List<String> errors = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** The object cannot apply. */
    void error(String message) {
        if (!errors.contains(message)) {
            errors.add(message);
        }
    }

    /** Valid, but probably not what was meant: a warning when accepted, part of the reason when refused. */
    void note(String message) {
        notes.add(message);
    }

    /** Valid and harmless, e.g. a field the gateway ignores: a warning when accepted. */
    void warning(String message) {
        warnings.add(message);
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** The refusal, or the parsed rules with the notes and warnings. */
    ParseResult result(ObjectRef ref, List<ServiceKey> hosts, List<HttpRule> rules) {
        return result(ref, hosts, rules, List.of());
    }

    /** The same for an HTTPRoute: its parents (and rules) go with a refusal too, for its status. */
    ParseResult result(ObjectRef ref, List<ServiceKey> hosts, List<HttpRule> rules, List<RouteParent> parents) {
        if (hasErrors()) {
            StringBuilder reason = new StringBuilder(ref.toString()).append(": ").append(String.join("; ", errors));
            notes.forEach(note -> reason.append("; note: ").append(note));
            return new ParseResult.Refused(reason.toString(), parents, rules);
        }
        List<String> all = new ArrayList<>(notes);
        all.addAll(warnings);
        return new ParseResult.Parsed(hosts, rules, all, parents);
    }
}

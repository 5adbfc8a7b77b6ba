package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request's header fields as the rules read them: the values of a field by its lower-case name. The data plane
 * implements it over what it parsed, so that a request no rule looks into costs no copy of its fields.
 */
@FunctionalInterface
public interface HeaderFields {

    /** No fields. */
    HeaderFields NONE = name -> List.of();

    /** The values of the field {@code name} (lower case), in the order received; empty when absent. */
    List<String> values(String name);

    /** Fields given as a map; names of any case, merged by their lower-case form. */
    static HeaderFields of(Map<String, List<String>> byName) {
        if (byName == null || byName.isEmpty()) {
            return NONE;
        }
        Map<String, List<String>> lower = new LinkedHashMap<>();
        byName.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        return name -> Collections.unmodifiableList(lower.getOrDefault(name, List.of()));
    }
}

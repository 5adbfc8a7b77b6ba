package io.l7mp.mcw.gateway.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Request header modifications (Istio {@code headers.request}, Gateway API {@code RequestHeaderModifier}). Names are
 * case-insensitive and kept in lower case, sorted, so that equal modifications compare equal whatever the source
 * order. Applied as: remove, then set (replace), then add (append).
 */
public record HeaderModifier(Map<String, String> set, Map<String, String> add, List<String> remove) {

    public static final HeaderModifier NONE = new HeaderModifier(Map.of(), Map.of(), List.of());

    /** Lower-cases and sorts the names; null parts are empty. */
    public HeaderModifier {
        set = lowerKeys(set);
        add = lowerKeys(add);
        remove = lower(remove);
    }

    /** A modifier that sets one header. */
    public static HeaderModifier setting(String name, String value) {
        return new HeaderModifier(Map.of(name, value), Map.of(), List.of());
    }

    public boolean isEmpty() {
        return set.isEmpty() && add.isEmpty() && remove.isEmpty();
    }

    /** This modifier followed by {@code later}: what {@code later} removes or sets replaces what this one did. */
    public HeaderModifier then(HeaderModifier later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        Map<String, String> combinedSet = new TreeMap<>(set);
        Map<String, String> combinedAdd = new TreeMap<>(add);
        later.remove.forEach(name -> {
            combinedSet.remove(name);
            combinedAdd.remove(name);
        });
        combinedSet.putAll(later.set);
        later.set.keySet().forEach(combinedAdd::remove);
        combinedAdd.putAll(later.add);
        TreeSet<String> combinedRemove = new TreeSet<>(remove);
        combinedRemove.addAll(later.remove);
        combinedSet.keySet().forEach(combinedRemove::remove);
        combinedAdd.keySet().forEach(combinedRemove::remove);
        return new HeaderModifier(combinedSet, combinedAdd, List.copyOf(combinedRemove));
    }

    /**
     * Applies the modifications to request headers (lower-case names, several values each) and returns new headers;
     * the data plane maps the result onto its request object.
     */
    public Map<String, List<String>> apply(Map<String, List<String>> headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach((name, values) -> result.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(values)));
        remove.forEach(result::remove);
        set.forEach((name, value) -> result.put(name, new ArrayList<>(List.of(value))));
        add.forEach((name, value) -> result.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        return result;
    }

    /**
     * Whether the request's own values of {@code name} (lower case) are dropped: it is removed or set. A data plane
     * that writes fields as it goes applies the modifier as: the request's fields but these, then {@link #set}, then
     * {@link #add}; that gives the same values per name, in the same order, as {@link #apply}.
     */
    public boolean replaces(String name) {
        return set.containsKey(name) || remove.contains(name);
    }

    private static Map<String, String> lowerKeys(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        SortedMap<String, String> result = new TreeMap<>();
        if (map != null) {
            map.forEach((name, value) -> result.put(name.toLowerCase(Locale.ROOT), value));
        }
        return Collections.unmodifiableSortedMap(result);
    }

    private static List<String> lower(List<String> names) {
        return names == null || names.isEmpty() ? List.of()
                : names.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.l7mp.mcw.gateway.domain.ExportView.ServicePlan;

/**
 * The destination lists of the last table, by the service plan they were made from: a list depends on nothing but its
 * plan and the tunnel choices, so while neither changed the next table takes the same list (ADR 0019). That saves
 * making 100,000 destinations per table at fleet size, and comparing them when the holder compares tables: equal
 * lists are then the same object. Used by one thread, the control loop's.
 */
final class DestinationMemo {
    /** Remembers nothing: every list is made afresh (the full computation). */
    static final DestinationMemo NONE = new DestinationMemo(false);

    private final boolean remembers;
    private Map<String, TunnelChoice> choices = Map.of();
    private Map<ServicePlan, List<DestinationCluster>> lists = new IdentityHashMap<>();
    private Map<ServicePlan, List<DestinationCluster>> used = new IdentityHashMap<>();

    private DestinationMemo(boolean remembers) {
        this.remembers = remembers;
    }

    /** A memo for the tables of one gateway, one after the other. */
    static DestinationMemo remembering() {
        return new DestinationMemo(true);
    }

    /** Starts a table whose destinations rest on {@code tunnelChoices}: any change forgets every list. */
    void begin(Map<String, TunnelChoice> tunnelChoices) {
        if (!remembers) {
            return;
        }
        if (!tunnelChoices.equals(choices)) {
            lists = new IdentityHashMap<>();
            choices = new HashMap<>(tunnelChoices);
        }
        used = new IdentityHashMap<>();
    }

    /** The destinations of {@code plan}: the last table's, or made by {@code make}. */
    List<DestinationCluster> destinations(ServicePlan plan, Function<ServicePlan, List<DestinationCluster>> make) {
        if (!remembers) {
            return make.apply(plan);
        }
        List<DestinationCluster> list = lists.get(plan);
        if (list == null) {
            list = make.apply(plan);
        }
        used.put(plan, list);
        return list;
    }

    /** Ends a table that was built whole: only its lists are kept for the next one. */
    void end() {
        if (remembers) {
            lists = used;
            used = new IdentityHashMap<>();
        }
    }
}

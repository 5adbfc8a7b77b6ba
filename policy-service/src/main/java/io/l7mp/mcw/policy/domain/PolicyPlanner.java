package io.l7mp.mcw.policy.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.PolicyEvent;

/**
 * Computes what the policies topic should hold for one cluster, and the records that take it there.
 * Level-triggered: the desired events depend only on the current verdicts, and the changes only on
 * the difference between desired and actual, so running it twice, or after a restart, publishes nothing
 * new.
 */
public final class PolicyPlanner {
    private PolicyPlanner() {
    }

    /** The event of every accepted policy, by key. */
    public static SortedMap<String, PolicyEvent> desired(String cluster, Map<String, Verdict> verdicts) {
        SortedMap<String, PolicyEvent> events = new TreeMap<>();
        for (Verdict v : verdicts.values()) {
            if (v instanceof Verdict.Accepted accepted) {
                PolicyEvent event = event(cluster, accepted.policy());
                events.put(event.key(), event);
            }
        }
        return events;
    }

    static PolicyEvent event(String cluster, PolicyDefinition p) {
        long generation = p.generation() == null ? 0 : p.generation();
        return new PolicyEvent(cluster, p.name(), p.tunnel(), p.port(), p.sla(), p.dscp(), p.failover(),
                p.holdDownSeconds(), generation);
    }

    /**
     * The records that turn {@code actual} into {@code desired}, sorted by key.
     *
     * @param actual what the topic holds, for every cluster; keys of other clusters are never touched
     */
    public static List<PolicyChange> changes(String cluster, Map<String, PolicyEvent> desired,
            Map<String, PolicyEvent> actual) {
        TreeSet<String> keys = new TreeSet<>(desired.keySet());
        actual.keySet().stream().filter(k -> ownKey(cluster, k)).forEach(keys::add);
        List<PolicyChange> changes = new ArrayList<>();
        for (String key : keys) {
            PolicyEvent want = desired.get(key);
            PolicyEvent have = actual.get(key);
            if (want != null && !want.equals(have)) {
                changes.add(new PolicyChange.Publish(want));
            } else if (want == null && have != null) {
                changes.add(new PolicyChange.Tombstone(key));
            }
        }
        return changes;
    }

    /** True for keys {@code <cluster>/<policy>} of this cluster. */
    public static boolean ownKey(String cluster, String key) {
        Objects.requireNonNull(cluster, "cluster");
        return key.startsWith(EventKeys.policy(cluster, "")) && key.indexOf('/', cluster.length() + 1) < 0;
    }
}

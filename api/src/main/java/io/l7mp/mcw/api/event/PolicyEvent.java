package io.l7mp.mcw.api.event;

import java.util.List;

/**
 * An accepted WANPolicy of one cluster ({@code mcw.policies.v1}, key {@code <cluster>/<name>}). A
 * tombstone under the same key means the policy was deleted or is no longer valid.
 */
public record PolicyEvent(String cluster, String name, String tunnel, int port, Sla sla, Integer dscp,
        List<String> failover, Integer holdDownSeconds, long generation) {
    public PolicyEvent {
        Required.text(cluster, "PolicyEvent", "cluster");
        Required.text(name, "PolicyEvent", "name");
        Required.text(tunnel, "PolicyEvent", "tunnel");
        Required.port(port, "PolicyEvent", "port");
        sla = sla == null ? Sla.BEST_EFFORT : sla;
        failover = Required.list(failover);
    }

    public String key() {
        return EventKeys.policy(cluster, name);
    }
}

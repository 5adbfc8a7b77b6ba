package io.l7mp.mcw.imports.domain;

import java.util.List;
import java.util.Map;

/**
 * A pod of the egress gateway as the planner needs it (the adapter maps it from the Pod's status).
 *
 * @param labels the pod's labels, matched against the selector
 * @param ips the pod's IPs, primary first ({@code status.podIPs}, or {@code status.podIP})
 * @param phase {@code status.phase}: Pending, Running, Succeeded, Failed, Unknown
 * @param ready the pod's Ready condition is True
 * @param deleting the pod has a deletionTimestamp: it is shutting down
 * @param nodeName the node it runs on, null if not scheduled
 */
public record EgressPod(String namespace, String name, String uid, Map<String, String> labels, String phase,
        List<String> ips, boolean ready, boolean deleting, String nodeName) {

    public static final String RUNNING = "Running";

    public EgressPod {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ips = ips == null ? List.of() : List.copyOf(ips);
    }
}

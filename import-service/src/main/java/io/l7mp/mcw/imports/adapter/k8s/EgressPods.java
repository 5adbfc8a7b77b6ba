package io.l7mp.mcw.imports.adapter.k8s;

import java.util.List;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.l7mp.mcw.imports.domain.EgressPod;

/** Maps the egress gateway's Pods to what the planner decides on. */
final class EgressPods {
    private static final String READY = "Ready";
    private static final String TRUE = "True";

    private EgressPods() {
    }

    static EgressPod of(Pod pod) {
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        boolean ready = status.getConditions() != null && status.getConditions().stream()
                .anyMatch(c -> READY.equals(c.getType()) && TRUE.equals(c.getStatus()));
        return new EgressPod(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid(), pod.getMetadata().getLabels(), status.getPhase(), ips(status), ready,
                pod.getMetadata().getDeletionTimestamp() != null,
                pod.getSpec() == null ? null : pod.getSpec().getNodeName());
    }

    /** {@code status.podIPs} (primary first), or {@code status.podIP} where only that is set. */
    private static List<String> ips(PodStatus status) {
        if (status.getPodIPs() != null && !status.getPodIPs().isEmpty()) {
            return status.getPodIPs().stream().map(PodIP::getIp).filter(Objects::nonNull).filter(ip -> !ip.isEmpty())
                    .toList();
        }
        String ip = status.getPodIP();
        return ip == null || ip.isEmpty() ? List.of() : List.of(ip);
    }
}

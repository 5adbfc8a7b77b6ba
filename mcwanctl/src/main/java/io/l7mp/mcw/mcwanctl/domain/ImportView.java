package io.l7mp.mcw.mcwanctl.domain;

import java.util.List;

/**
 * The ServiceImport of a service in one cluster (kubeconfig context). {@code exists} false when there is none;
 * {@code error} says why a cluster could not be asked. {@code staticIngress} is set for a static import.
 */
public record ImportView(String context, boolean exists, String error, String type, List<String> ips,
        List<String> clusters, String policy, String staticIngress, List<ConditionView> conditions,
        List<TunnelStatusView> tunnels, LiveView live) {
}

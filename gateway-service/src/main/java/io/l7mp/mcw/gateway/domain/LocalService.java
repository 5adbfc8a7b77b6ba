package io.l7mp.mcw.gateway.domain;

import java.util.List;

/**
 * A Service of this cluster, as the ingress gateway forwards to it. The Kubernetes adapter passes every local Service
 * it watches; which ones are reachable from the SD-WAN is decided by this cluster's export events, so that a Service
 * that is not exported is refused (403) rather than unknown (404).
 *
 * @param clusterIp the Service's cluster IP (informational: the gateway forwards to ready endpoints only); null for
 *        headless
 */
public record LocalService(String namespace, String name, String clusterIp, List<LocalPort> ports) {
    public LocalService {
        new ServiceKey(namespace, name); // validates both names
        clusterIp = clusterIp == null || clusterIp.isBlank() || "None".equals(clusterIp) ? null : clusterIp;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    public ServiceKey key() {
        return new ServiceKey(namespace, name);
    }
}

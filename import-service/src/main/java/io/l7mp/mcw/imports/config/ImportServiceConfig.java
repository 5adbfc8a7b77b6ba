package io.l7mp.mcw.imports.config;

import java.util.Optional;

import io.l7mp.mcw.imports.domain.LabelSelector;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/** Settings of the import-service itself. */
@ConfigMapping(prefix = "mcw.import")
public interface ImportServiceConfig {
    /**
     * Labels of the egress gateway's pods. When set, the endpoints of every derived Service are the Running pods in
     * {@link #egressPodNamespace()} that match it, with their readiness, as a Service controller would have them:
     * what kube-proxy needs in a real cluster. When unset, {@link #egressAddress()} is the one endpoint.
     */
    @WithConverter(LabelSelectorConverter.class)
    Optional<LabelSelector> egressPodSelector();

    /** Namespace of the egress gateway's pods (only with {@link #egressPodSelector()}); where k8s/base installs MCW. */
    @WithDefault("mcw-system")
    String egressPodNamespace();

    /**
     * The one endpoint of every derived Service when {@link #egressPodSelector()} is unset: an IP address (a DNS
     * name gives FQDN EndpointSlices, which kube-proxy ignores). The sandbox runs each gateway on a loopback IP.
     */
    @WithDefault("127.0.0.1")
    String egressAddress();

    /**
     * First egress gateway port handed out to imported service ports. The default range lies below Linux' default
     * ephemeral range (32768-60999): a gateway listening inside it can lose a port to one of its own outgoing
     * connections ("address in use").
     */
    @WithDefault("20000")
    int egressPortRangeStart();

    /** Last egress gateway port handed out to imported service ports (inclusive). */
    @WithDefault("20999")
    int egressPortRangeEnd();
}

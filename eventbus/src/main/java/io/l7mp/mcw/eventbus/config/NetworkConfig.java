package io.l7mp.mcw.eventbus.config;

import java.util.List;
import java.util.Optional;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where a service may send packets and where its WAN traffic leaves from; the same keys in every service. */
@ConfigMapping(prefix = "mcw.network")
public interface NetworkConfig {
    /**
     * The ranges the gateway and the prober may dial: every address taken from an API object or an event is checked
     * against them, and anything else is refused with a log line naming it. Loopback by default, which is what the
     * sandbox and the tests need; a Kubernetes deployment sets its pod, service and WAN ranges (k8s/base).
     */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> allowedCidrs();

    /**
     * The local address the connections and probes to other clusters' gateways (the SD-WAN tunnels) leave from;
     * unset, the kernel picks it. Set it on a multi-homed node, or where the SD-WAN edge tells sites apart by source
     * address (the sandbox's WAN emulator does).
     */
    Optional<String> wanSourceAddress();

    default AllowedNetworks allowedNetworks() {
        return AllowedNetworks.parse(allowedCidrs());
    }
}

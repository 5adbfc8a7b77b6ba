package io.l7mp.mcw.export.config;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the export-service. */
@ConfigMapping(prefix = "mcw.export")
public interface ExportConfig {
    /** Host or IP of this cluster's ingress east-west gateway, as other clusters reach it over the SD-WAN. */
    @WithDefault("127.0.0.1")
    String ingressAddress();

    /**
     * The WAN policy of ServiceExports without the {@code mcw.l7mp.io/mc-wan-policy} annotation. Unset:
     * such exports are not published (condition WANPolicyResolved False, PolicyNotSpecified).
     */
    Optional<String> defaultPolicy();
}

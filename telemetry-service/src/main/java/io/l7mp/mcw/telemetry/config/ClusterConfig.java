package io.l7mp.mcw.telemetry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which cluster of the clusterset this process serves. */
@ConfigMapping(prefix = "mcw.cluster")
public interface ClusterConfig {
    /** The cluster's name, as other clusters know it ({@code cluster-1}, ...). */
    @WithDefault("cluster-1")
    String name();
}

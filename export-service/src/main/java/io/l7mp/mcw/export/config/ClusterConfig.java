package io.l7mp.mcw.export.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which cluster of the clusterset this service runs in. */
@ConfigMapping(prefix = "mcw.cluster")
public interface ClusterConfig {
    /** The cluster name: the first segment of every key this service publishes. */
    @WithDefault("cluster-1")
    String name();
}

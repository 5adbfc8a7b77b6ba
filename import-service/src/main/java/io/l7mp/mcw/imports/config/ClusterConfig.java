package io.l7mp.mcw.imports.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which cluster of the clusterset this import-service runs in. */
@ConfigMapping(prefix = "mcw.cluster")
public interface ClusterConfig {
    /** The cluster name: part of every event key and CloudEvents source. */
    @WithDefault("cluster-1")
    String name();
}

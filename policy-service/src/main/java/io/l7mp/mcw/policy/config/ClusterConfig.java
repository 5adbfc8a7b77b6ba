package io.l7mp.mcw.policy.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Identity of the cluster this service runs in. */
@ConfigMapping(prefix = "mcw.cluster")
public interface ClusterConfig {
    /** The cluster's name in the clusterset: first segment of every event key this service writes. */
    @WithDefault("cluster-1")
    String name();
}

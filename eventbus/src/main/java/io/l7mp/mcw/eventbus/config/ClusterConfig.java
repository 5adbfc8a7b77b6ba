package io.l7mp.mcw.eventbus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which cluster of the clusterset a service runs in; the same key in every service. */
@ConfigMapping(prefix = "mcw.cluster")
public interface ClusterConfig {
    /** The cluster's name: the first segment of every key the service writes, and of its CloudEvents source. */
    @WithDefault("cluster-1")
    String name();
}

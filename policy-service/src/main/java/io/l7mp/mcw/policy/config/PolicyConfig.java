package io.l7mp.mcw.policy.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the policy-service's reconciler. */
@ConfigMapping(prefix = "mcw.policy")
public interface PolicyConfig {
    /**
     * How often a pass runs without any trigger: a safety net that re-asserts the desired state even
     * if an event was missed.
     */
    @WithDefault("5m")
    Duration resyncInterval();

    /** Delay before a pass that failed to write a status or a record runs again. */
    @WithDefault("2s")
    Duration retryDelay();
}

package io.l7mp.mcw.eventbus.config;

import java.time.Duration;

import io.l7mp.mcw.eventbus.ReconcileSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How every service's reconcile loop ({@link io.l7mp.mcw.eventbus.ReconcileLoop}) paces itself; the same keys in all. */
@ConfigMapping(prefix = "mcw.reconcile")
public interface ReconcileConfig {
    /** How often a pass runs without any trigger: a safety net that re-asserts the desired state if an event was missed. */
    @WithDefault("5m")
    Duration resyncPeriod();

    /** How long after a failed pass (a write or a send that failed) the next one runs. */
    @WithDefault("2s")
    Duration retryDelay();

    default ReconcileSettings settings() {
        return new ReconcileSettings(resyncPeriod(), retryDelay());
    }
}

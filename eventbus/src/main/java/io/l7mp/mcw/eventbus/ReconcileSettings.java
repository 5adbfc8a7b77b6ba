package io.l7mp.mcw.eventbus;

import java.time.Duration;

/**
 * How a {@link ReconcileLoop} paces itself.
 *
 * @param resyncPeriod how often a pass runs without any trigger
 * @param retryDelay how long after a failed pass the next one runs
 */
public record ReconcileSettings(Duration resyncPeriod, Duration retryDelay) {
    public ReconcileSettings {
        if (resyncPeriod == null || resyncPeriod.isNegative() || resyncPeriod.isZero()) {
            throw new IllegalArgumentException("mcw.reconcile.resync-period is " + resyncPeriod
                    + ", expected a positive duration");
        }
        if (retryDelay == null || retryDelay.isNegative() || retryDelay.isZero()) {
            throw new IllegalArgumentException("mcw.reconcile.retry-delay is " + retryDelay
                    + ", expected a positive duration");
        }
    }
}

package io.l7mp.mcw.imports.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the import-service itself. */
@ConfigMapping(prefix = "mcw.import")
public interface ImportServiceConfig {
    /** Address of this cluster's egress gateway: the one endpoint of every derived Service. */
    @WithDefault("127.0.0.1")
    String egressAddress();

    /** First egress gateway port handed out to imported service ports. */
    @WithDefault("40000")
    int egressPortRangeStart();

    /** Last egress gateway port handed out to imported service ports (inclusive). */
    @WithDefault("40999")
    int egressPortRangeEnd();

    /** How long to wait before retrying a reconciliation that failed (API server or Kafka errors). */
    @WithDefault("2s")
    Duration retryDelay();

    /** How often to reconcile even when nothing changed, to repair drift that no event reported. */
    @WithDefault("5m")
    Duration resyncPeriod();
}

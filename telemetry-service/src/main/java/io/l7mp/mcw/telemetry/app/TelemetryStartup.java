package io.l7mp.mcw.telemetry.app;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The telemetry-service process of one cluster. For now it only starts, reports health and metrics,
 * and says which cluster it serves; its function is the subject of a later issue (DESIGN D4/D5).
 */
public class TelemetryStartup {
    private static final Logger LOGGER = Logger.getLogger(TelemetryStartup.class);

    @Inject
    ClusterConfig cluster;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("telemetry-service started for cluster=%s", cluster.name());
    }
}

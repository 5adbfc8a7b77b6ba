package io.l7mp.mcw.imports.app;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.imports.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.imports.adapter.kafka.StateTopics;
import io.l7mp.mcw.imports.domain.EgressSource;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Start-up order: the settings are checked (before anything connects, so that a bad one stops the service at once),
 * topics exist, views and informers start, and the reconciler acts once all of them are ready.
 */
@ApplicationScoped
public class ImportServiceStartup {
    private static final Logger LOGGER = Logger.getLogger(ImportServiceStartup.class);

    private final StateTopics topics;
    private final ClusterWatch cluster;
    private final ImportReconciler reconciler;
    private final ImportConfig config;

    /** {@code config} is built, and so validated, when this bean is: before {@link #onStart} connects anywhere. */
    @Inject
    public ImportServiceStartup(StateTopics topics, ClusterWatch cluster, ImportReconciler reconciler,
            ImportConfig config) {
        this.topics = topics;
        this.cluster = cluster;
        this.reconciler = reconciler;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("import-service starting: cluster=%s egress=%s egressPorts=%s", config.cluster(),
                config.egress(), config.egressPorts());
        if (config.egress() instanceof EgressSource.StaticAddress fixed && fixed.isDnsName()) {
            LOGGER.warnf("mcw.import.egress-address=%s is a DNS name: the derived Services get FQDN EndpointSlices, "
                    + "which kube-proxy ignores, so the imports' VIPs reach nothing in a real cluster; set "
                    + "mcw.import.egress-pod-selector (e.g. app.kubernetes.io/name=mcw-gateway-service) instead",
                    fixed.address());
        }
        topics.ensureTopics();
        topics.start(reconciler::onExports, reconciler::onImports, reconciler::onTunnelHealth,
                reconciler::onGatewayEvents);
        CompletableFuture<Void> synced = cluster.start(reconciler::trigger);
        CompletableFuture.allOf(topics.caughtUp(), synced).whenComplete((ignored, error) -> {
            if (error != null) {
                LOGGER.errorf(error, "import-service cannot start: a state topic or an informer failed");
            } else {
                reconciler.start();
            }
        });
    }
}

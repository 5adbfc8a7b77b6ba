package io.l7mp.mcw.imports.app;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.about.ClusterIdState;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.api.about.ClusterIds;
import io.l7mp.mcw.imports.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.imports.adapter.k8s.ImportWarmUp;
import io.l7mp.mcw.imports.adapter.kafka.ImportEventPublisher;
import io.l7mp.mcw.imports.adapter.kafka.StateTopics;
import io.l7mp.mcw.imports.domain.EgressSource;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * Start-up order: the settings are checked (before anything connects, so that a bad one stops the service at once),
 * topics exist, informers start, the cluster id is read, then the views start and events are published as it, and
 * the reconciler acts once all of them are ready.
 */
@ApplicationScoped
public class ImportServiceStartup {
    private static final Logger LOGGER = Logger.getLogger(ImportServiceStartup.class);
    private static final int WARM_UP_ROUNDS = 50;

    private final StateTopics topics;
    private final ClusterWatch cluster;
    private final ImportReconciler reconciler;
    private final ImportConfig config;
    private final ClusterIdWatch clusterId;
    private final ImportEventPublisher publisher;
    private final KubernetesClient client;
    private final Clock clock;
    private CompletableFuture<Void> informersSynced;
    private boolean joined;

    /** {@code config} is built, and so validated, when this bean is: before {@link #onStart} connects anywhere. */
    @Inject
    public ImportServiceStartup(StateTopics topics, ClusterWatch cluster, ImportReconciler reconciler,
            ImportConfig config, ClusterIdWatch clusterId, ImportEventPublisher publisher, KubernetesClient client,
            Clock clock) {
        this.client = client;
        this.clock = clock;
        this.topics = topics;
        this.cluster = cluster;
        this.reconciler = reconciler;
        this.config = config;
        this.clusterId = clusterId;
        this.publisher = publisher;
    }

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("import-service starting: %s=%s egress=%s egressPorts=%s", ClusterIds.CONFIG_KEY,
                config.cluster(), config.egress(), config.egressPorts());
        if (config.egress() instanceof EgressSource.StaticAddress fixed && fixed.isDnsName()) {
            LOGGER.warnf("mcw.import.egress-address=%s is a DNS name: the derived Services get FQDN EndpointSlices, "
                    + "which kube-proxy ignores, so the imports' VIPs reach nothing in a real cluster; set "
                    + "mcw.import.egress-pod-selector (e.g. app.kubernetes.io/name=mcw-gateway-service) instead",
                    fixed.address());
        }
        long warming = ImportWarmUp.run(config, client.getKubernetesSerialization(), clock, WARM_UP_ROUNDS);
        LOGGER.infof("took the first import's path %d times on made-up data in %d ms, so the first real export does not"
                + " pay for a cold JVM", WARM_UP_ROUNDS, TimeUnit.NANOSECONDS.toMillis(warming));
        topics.ensureTopics();
        synchronized (this) {
            informersSynced = cluster.start(reconciler::trigger);
        }
        clusterId.start(this::onClusterId);
    }

    /**
     * Once the cluster id is known, the topics are read and the events published as it; the reconciler acts once
     * the views caught up and the informers synced. Later changes of the id are the reconciler's business.
     */
    private synchronized void onClusterId() {
        if (joined || !(clusterId.state() instanceof ClusterIdState.InUse use)) {
            reconciler.trigger();
            return;
        }
        joined = true;
        LOGGER.infof("cluster id %s", use.id());
        reconciler.useCluster(use.id());
        publisher.start(use.id().name());
        topics.start(use.id().name(), reconciler::onExports, reconciler::onImports, reconciler::onTunnelHealth,
                reconciler::onGatewayEvents, reconciler::onPolicies);
        CompletableFuture.allOf(topics.caughtUp(), informersSynced).whenComplete((ignored, error) -> {
            if (error != null) {
                LOGGER.errorf(error, "import-service cannot start: a state topic or an informer failed");
            } else {
                reconciler.start();
            }
        });
    }
}

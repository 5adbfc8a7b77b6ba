package io.l7mp.mcw.imports.app;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.imports.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.imports.adapter.kafka.StateTopics;
import io.quarkus.runtime.StartupEvent;

/** Start-up order: topics exist, views and informers start, and the reconciler acts once all of them are ready. */
@ApplicationScoped
public class ImportServiceStartup {
    private static final Logger LOGGER = Logger.getLogger(ImportServiceStartup.class);

    private final StateTopics topics;
    private final ClusterWatch cluster;
    private final ImportReconciler reconciler;

    @Inject
    public ImportServiceStartup(StateTopics topics, ClusterWatch cluster, ImportReconciler reconciler) {
        this.topics = topics;
        this.cluster = cluster;
        this.reconciler = reconciler;
    }

    void onStart(@Observes StartupEvent event) {
        topics.ensureTopics();
        topics.start(reconciler::onExports, reconciler::onImports);
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

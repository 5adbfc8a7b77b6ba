package io.l7mp.mcw.policy.app;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.about.ClusterIdState;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.TolerantCache;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStatusWriter;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStore;
import io.l7mp.mcw.policy.adapter.kafka.PolicyEventPublisher;
import io.l7mp.mcw.policy.adapter.kafka.PolicyTopicView;

/** Runs {@link PolicyReconciliation} in the shared {@link ReconcileLoop}. */
@ApplicationScoped
public class PolicyReconciler {
    private static final Logger LOGGER = Logger.getLogger(PolicyReconciler.class);

    @Inject
    ClusterIdWatch clusterId;

    @Inject
    ReconcileConfig config;

    @Inject
    WanPolicyStore store;

    @Inject
    PolicyTopicView view;

    @Inject
    PolicyEventPublisher publisher;

    @Inject
    WanPolicyStatusWriter statusWriter;

    @Inject
    PolicyMetrics metrics;

    @Inject
    Clock clock;

    private volatile ReconcileLoop loop;
    private PolicyReconciliation reconciliation;

    private volatile ClusterIdState.Changed idChanged;

    /** Starts the passes, as cluster {@code cluster} (this cluster's id). */
    void start(String cluster) {
        ReconcileLoop created = new ReconcileLoop("policy", config.settings(), this::pass);
        reconciliation = new PolicyReconciliation(cluster, store, view, publisher, statusWriter, clock,
                created::retryLater);
        loop = created;
        created.start();
        created.trigger();
    }

    /** Asks for a pass; cheap and safe to call from any thread. */
    public void trigger() {
        ReconcileLoop current = loop;
        if (current != null) {
            current.trigger();
        }
    }

    public boolean ready() {
        return waitingFor().isEmpty();
    }

    /**
     * What the service waits for before it acts (or why it stopped publishing): empty once the cluster id is known,
     * the informer synced and the topic was read to its end.
     */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>();
        if (clusterId.state() instanceof ClusterIdState.Unresolved u) {
            waiting.add(u.reason());
        } else if (idChanged != null) {
            waiting.add("a restart: " + idChanged.message());
        }
        if (!store.synced()) {
            waiting.add("the WANPolicy informer to sync");
        }
        if (!view.caughtUp()) {
            waiting.add(view.problem().orElse("the policies topic to be read"));
        }
        return waiting;
    }

    private ReconcileLoop.Outcome pass() {
        if (clusterId.state() instanceof ClusterIdState.Changed changed && idChanged == null) {
            LOGGER.errorf("%s", changed.message());
            idChanged = changed;
            reconciliation.withdraw();
        }
        PolicyReconciliation.Result result = reconciliation.reconcile();
        if (!result.ready()) {
            return ReconcileLoop.Outcome.NOT_READY;
        }
        metrics.update(result);
        boolean retry = result.retry();
        for (TolerantCache.Unreadable unreadable : store.unreadable()) {
            try {
                statusWriter.refuseUnreadable(unreadable);
            } catch (RuntimeException e) {
                LOGGER.warnf("cannot refuse unreadable %s on its status: %s", unreadable.describe(), e.getMessage());
                retry = true;
            }
        }
        return retry ? ReconcileLoop.Outcome.RETRY : ReconcileLoop.Outcome.DONE;
    }

    void stop() {
        if (loop != null) {
            loop.close();
        }
    }
}

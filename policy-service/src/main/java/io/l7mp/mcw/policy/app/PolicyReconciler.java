package io.l7mp.mcw.policy.app;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStatusWriter;
import io.l7mp.mcw.policy.adapter.k8s.WanPolicyStore;
import io.l7mp.mcw.policy.adapter.kafka.PolicyEventPublisher;
import io.l7mp.mcw.policy.adapter.kafka.PolicyTopicView;
import io.l7mp.mcw.policy.config.PolicyConfig;

/**
 * Runs {@link PolicyReconciliation} on one thread. Triggers (informer events, topic changes, the
 * periodic resync, retries) coalesce: however many arrive while a pass is queued, one pass runs, and it
 * reads the latest state of everything.
 */
@ApplicationScoped
public class PolicyReconciler {
    private static final Logger LOGGER = Logger.getLogger(PolicyReconciler.class);

    @Inject
    ClusterConfig cluster;

    @Inject
    PolicyConfig config;

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

    private final AtomicBoolean queued = new AtomicBoolean();
    private ScheduledExecutorService executor;
    private PolicyReconciliation reconciliation;

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcw-policy-reconciler");
            t.setDaemon(true);
            return t;
        });
        reconciliation = new PolicyReconciliation(cluster.name(), store, view, publisher, statusWriter, clock,
                this::retryLater);
        long resync = config.resyncInterval().toMillis();
        executor.scheduleWithFixedDelay(this::trigger, resync, resync, TimeUnit.MILLISECONDS);
    }

    /** Asks for a pass; cheap and safe to call from any thread. */
    public void trigger() {
        if (executor != null && queued.compareAndSet(false, true)) {
            executor.execute(this::run);
        }
    }

    public boolean ready() {
        return store.synced() && view.caughtUp();
    }

    private void run() {
        queued.set(false);
        try {
            PolicyReconciliation.Result result = reconciliation.reconcile();
            if (result.ready()) {
                metrics.update(result);
            }
            if (result.retry()) {
                retryLater();
            }
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "policy reconciliation pass failed; will retry");
            retryLater();
        }
    }

    private void retryLater() {
        executor.schedule(this::trigger, config.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

package io.l7mp.mcw.export.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.export.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.export.adapter.k8s.KubernetesMapper;
import io.l7mp.mcw.export.adapter.k8s.ServiceExportStatusWriter;
import io.l7mp.mcw.export.adapter.kafka.EventViews;
import io.l7mp.mcw.export.adapter.kafka.ExportEventPublisher;
import io.l7mp.mcw.export.config.ExportConfig;
import io.l7mp.mcw.export.domain.ExportCondition;
import io.l7mp.mcw.export.domain.ExportDecision;
import io.l7mp.mcw.export.domain.ExportInputs;
import io.l7mp.mcw.export.domain.ExportPlan;
import io.l7mp.mcw.export.domain.ExportPlanner;
import io.l7mp.mcw.export.domain.ExportRef;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The level-triggered loop of the export-service: on any change (informer event, topic change) it
 * computes the whole desired state with {@link ExportPlanner}, publishes what differs from the exports
 * topic and writes the statuses that changed. One thread, and triggers that arrive while it runs are
 * coalesced into one more run. It does nothing before both topic views caught up and the informers
 * synced, so that a restart never withdraws exports it simply has not read yet.
 */
@ApplicationScoped
public class ExportReconciler {
    private static final Logger LOGGER = Logger.getLogger(ExportReconciler.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    @Inject
    ClusterWatch watch;
    @Inject
    EventViews views;
    @Inject
    ExportEventPublisher publisher;
    @Inject
    ServiceExportStatusWriter statusWriter;
    @Inject
    ExportMetrics metrics;
    @Inject
    ClusterConfig cluster;
    @Inject
    ExportConfig config;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcw-export-reconciler");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    /** Records sent and not yet read back into the exports view, by key (empty: tombstone). */
    private final Map<String, Optional<ExportEvent>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("export-service starting: cluster=%s ingressAddress=%s defaultPolicy=%s", cluster.name(),
                config.ingressAddress(), config.defaultPolicy().orElse("<none>"));
        metrics.register();
        views.ensureTopics();
        views.start(this::trigger);
        watch.start(this::trigger);
        trigger();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        executor.shutdownNow();
        watch.stop();
        views.stop();
    }

    /** True once acting is safe: both topic views caught up and every informer synced. */
    public boolean ready() {
        return views.caughtUp() && watch.synced();
    }

    /** Asks for a reconcile; cheap, callable from any thread. */
    public void trigger() {
        if (!stopped && pending.compareAndSet(false, true)) {
            executor.execute(this::runOnce);
        }
    }

    private void runOnce() {
        pending.set(false);
        try {
            reconcile();
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "reconcile failed; retrying in %d s", RETRY.toSeconds());
            retryLater();
        }
    }

    private void retryLater() {
        if (!stopped) {
            executor.schedule(this::trigger, RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconcile() {
        if (!ready()) {
            return;
        }
        Map<String, ExportEvent> exportsView = views.exports();
        ExportPlan plan = ExportPlanner.plan(new ExportInputs(cluster.name(), config.ingressAddress(),
                config.defaultPolicy(), watch.exports(), watch.services(), watch.slices(), watch.policies(),
                views.ownPolicies(), exportsView));
        syncEvents(plan, exportsView);
        syncStatuses(plan);
        metrics.record(plan);
    }

    private void syncEvents(ExportPlan plan, Map<String, ExportEvent> exportsView) {
        Map<String, ExportEvent> actual = exportsView.entrySet().stream()
                .filter(e -> e.getValue().cluster().equals(cluster.name()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        EventDiff.settle(inFlight, actual);
        for (EventDiff.Change change : EventDiff.changes(plan.events(), actual, inFlight)) {
            inFlight.put(change.key(), change.event());
            if (change.tombstone()) {
                LOGGER.infof("withdrawing export: key=%s reason=%s", change.key(), withdrawReason(plan, change.key()));
                publisher.tombstone(change.key()).whenComplete((ok, e) -> onSent(change, e));
            } else {
                ExportEvent ev = change.event().get();
                LOGGER.infof("publishing export: key=%s policy=%s tunnel=%s port=%d type=%s ports=%d readyEndpoints=%d",
                        ev.key(), ev.policy().name(), ev.policy().tunnel(), ev.policy().port(), ev.type(),
                        ev.ports().size(), ev.readyEndpoints());
                publisher.publish(ev).whenComplete((ok, e) -> onSent(change, e));
            }
        }
    }

    private void onSent(EventDiff.Change change, Throwable failure) {
        if (failure != null) {
            LOGGER.warnf("sending key=%s to the exports topic failed: %s; retrying in %d s", change.key(),
                    failure.getMessage(), RETRY.toSeconds());
            inFlight.remove(change.key(), change.event());
            retryLater();
        }
    }

    private String withdrawReason(ExportPlan plan, String key) {
        return plan.decisions().stream()
                .filter(d -> key.equals(EventKeys.export(cluster.name(), d.ref().namespace(), d.ref().name())))
                .findFirst()
                .map(ExportReconciler::readyMessage)
                .orElse("ServiceExport deleted");
    }

    private static String readyMessage(ExportDecision decision) {
        return decision.conditions().stream().filter(c -> ExportCondition.READY.equals(c.type())).findFirst()
                .map(ExportCondition::message).orElse("not exported");
    }

    private void syncStatuses(ExportPlan plan) {
        Map<ExportRef, List<ExportCondition>> desired = plan.conditions();
        List<ServiceExport> existing = watch.serviceExports();
        statusWriter.retain(existing);
        for (ServiceExport export : existing) {
            ExportRef ref = KubernetesMapper.ref(export);
            List<ExportCondition> conditions = desired.get(ref);
            if (conditions == null) {
                continue;
            }
            try {
                List<Condition> written = statusWriter.write(export, conditions);
                if (!written.isEmpty()) {
                    LOGGER.infof("ServiceExport %s status: %s", ref, summary(written));
                }
            } catch (RuntimeException e) {
                LOGGER.warnf("cannot write the status of ServiceExport %s: %s; retrying in %d s", ref, e.getMessage(),
                        RETRY.toSeconds());
                retryLater();
            }
        }
    }

    private static String summary(List<Condition> conditions) {
        return conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")")
                .collect(Collectors.joining(" "));
    }
}

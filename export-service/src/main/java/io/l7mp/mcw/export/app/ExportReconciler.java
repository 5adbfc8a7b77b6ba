package io.l7mp.mcw.export.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.l7mp.mcw.api.about.ClusterId;
import io.l7mp.mcw.api.about.ClusterIdState;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.api.about.ClusterIds;
import io.l7mp.mcw.api.crd.ServiceExport;
import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.eventbus.KeyedWrites;
import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.StatePublisher;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
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
 * The export-service's pass of the shared {@link ReconcileLoop}: on any change (informer event, topic change) it
 * computes the whole desired state with {@link ExportPlanner}, publishes what differs from the exports topic
 * ({@link StatePublisher}) and writes the statuses that changed. It does nothing before the cluster id is known
 * ({@link ClusterIdWatch}), both topic views caught up and the informers synced, so that a restart never withdraws
 * exports it simply has not read yet. If the cluster id changes while it runs, it withdraws every export it published
 * under the old one, says so on every ServiceExport and in its readiness, and waits to be restarted.
 */
@ApplicationScoped
public class ExportReconciler {
    private static final Logger LOGGER = Logger.getLogger(ExportReconciler.class);
    /** Status writes at once: enough to keep a burst's writes from queueing one behind another. */
    private static final int STATUS_WRITERS = 8;

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
    ClusterConfig clusterConfig;
    @Inject
    ExportConfig config;
    @Inject
    ReconcileConfig reconcile;

    @Inject
    ClusterIdWatch clusterId;

    private ReconcileLoop loop;
    /** The status writes, off the reconcile thread: a burst of exports is published without waiting for them. */
    private KeyedWrites statusWrites;
    /** Created once the cluster id is known: every key it owns starts with it. */
    private volatile StatePublisher<ExportEvent> events;
    private volatile String cluster;
    private volatile ClusterIdState idState = new ClusterIdState.Unresolved("the reconciler to start");

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("export-service starting: %s=%s ingressAddress=%s defaultPolicy=%s", ClusterIds.CONFIG_KEY,
                clusterConfig.name(), config.ingressAddress(), config.defaultPolicy().orElse("<none>"));
        metrics.register();
        loop = new ReconcileLoop("export", reconcile.settings(), this::reconcile);
        statusWrites = new KeyedWrites("export-status", STATUS_WRITERS, loop::trigger, loop::retryLater,
                (ref, e) -> LOGGER.warnf("cannot write the status of ServiceExport %s: %s; will retry", ref,
                        e.getMessage()));
        views.ensureTopics();
        clusterId.start(loop::trigger);
        watch.start(loop::trigger);
        loop.start();
        loop.trigger();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
            statusWrites.close();
        }
        watch.stop();
        views.stop();
    }

    /** True once acting is safe: the cluster id known, both topic views caught up and every informer synced. */
    public boolean ready() {
        return waitingFor().isEmpty();
    }

    /** What the service waits for before it acts (or why it stopped); empty once it acts. */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>();
        ClusterIdState id = idState;
        if (id instanceof ClusterIdState.Unresolved u) {
            waiting.add(u.reason());
        } else if (id instanceof ClusterIdState.Changed c) {
            waiting.add("a restart: " + c.message());
        }
        waiting.addAll(views.problems());
        watch.unsynced().forEach(i -> waiting.add("the " + i + " informer to sync"));
        return waiting;
    }

    private ReconcileLoop.Outcome reconcile() {
        ClusterIdState id = clusterId.state();
        if (id instanceof ClusterIdState.Changed changed && !(idState instanceof ClusterIdState.Changed)) {
            LOGGER.errorf("%s", changed.message());
        }
        idState = id;
        if (id instanceof ClusterIdState.Unresolved) {
            return ReconcileLoop.Outcome.NOT_READY;
        }
        if (events == null) {
            join(clusterId.inUse().orElseThrow());
        }
        if (!views.caughtUp() || !watch.synced()) {
            return ReconcileLoop.Outcome.NOT_READY;
        }
        Map<String, ExportEvent> exportsView = views.exports();
        ExportPlan plan = ExportPlanner.plan(new ExportInputs(cluster, config.ingressAddress(), config.defaultPolicy(),
                watch.exports(), watch.services(), watch.slices(), watch.policies(), views.ownPolicies(),
                exportsView));
        if (id instanceof ClusterIdState.Changed changed) {
            plan = ExportPlanner.withdrawn(plan, changed.message());
        }
        for (StatePublisher.Change<ExportEvent> change : events.sync(plan.events(), exportsView)) {
            log(plan, change);
        }
        syncStatuses(plan);
        metrics.record(plan);
        return ReconcileLoop.Outcome.DONE;
    }

    /** Starts everything that publishes or reads as this cluster, once its id is known. */
    private void join(ClusterId id) {
        LOGGER.infof("cluster id %s", id);
        cluster = id.name();
        String ownPrefix = cluster + "/";
        publisher.start(cluster);
        events = new StatePublisher<>("the exports topic", key -> key.startsWith(ownPrefix),
                (key, export) -> export == null ? publisher.tombstone(key) : publisher.publish(export),
                loop::retryLater);
        views.start(cluster, loop::trigger);
    }

    private void log(ExportPlan plan, StatePublisher.Change<ExportEvent> change) {
        if (change.tombstone()) {
            LOGGER.infof("withdrawing export: key=%s reason=%s", change.key(), withdrawReason(plan, change.key()));
        } else {
            ExportEvent ev = change.event().get();
            LOGGER.infof("publishing export: key=%s policy=%s tunnel=%s port=%d type=%s ports=%d readyEndpoints=%d",
                    ev.key(), ev.policy().name(), ev.policy().tunnel(), ev.policy().port(), ev.type(),
                    ev.ports().size(), ev.readyEndpoints());
        }
    }

    private String withdrawReason(ExportPlan plan, String key) {
        return plan.decisions().stream()
                .filter(d -> key.equals(EventKeys.export(cluster, d.ref().namespace(), d.ref().name())))
                .findFirst()
                .map(ExportReconciler::readyMessage)
                .orElse("ServiceExport deleted");
    }

    private static String readyMessage(ExportDecision decision) {
        return decision.conditions().stream().filter(c -> ExportCondition.READY.equals(c.type())).findFirst()
                .map(ExportCondition::message).orElse("not exported");
    }

    /**
     * Starts the writes of the statuses that changed, concurrently and without waiting for them: the events of this
     * pass are already on their way, and the next pass must not queue behind API writes. A failed write asks the loop
     * to retry.
     */
    private void syncStatuses(ExportPlan plan) {
        Map<ExportRef, List<ExportCondition>> desired = plan.conditions();
        List<ServiceExport> existing = watch.serviceExports();
        statusWriter.retain(existing);
        for (ServiceExport export : existing) {
            ExportRef ref = KubernetesMapper.ref(export);
            List<ExportCondition> conditions = desired.get(ref);
            if (conditions == null || statusWriter.unchanged(export, conditions)) {
                continue;
            }
            statusWrites.submit(ref.toString(), () -> {
                List<Condition> written = statusWriter.write(export, conditions);
                if (!written.isEmpty()) {
                    LOGGER.infof("ServiceExport %s status: %s", ref, summary(written));
                }
            });
        }
    }

    private static String summary(List<Condition> conditions) {
        return conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + "(" + c.getReason() + ")")
                .collect(Collectors.joining(" "));
    }
}

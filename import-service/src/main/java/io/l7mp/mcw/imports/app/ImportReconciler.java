package io.l7mp.mcw.imports.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.about.ClusterId;
import io.l7mp.mcw.api.about.ClusterIdState;
import io.l7mp.mcw.api.about.ClusterIdWatch;
import io.l7mp.mcw.api.event.ActiveTunnel;
import io.l7mp.mcw.api.event.EventKeys;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.GatewayEvent;
import io.l7mp.mcw.api.event.ImportEvent;
import io.l7mp.mcw.api.event.ImportState;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.TunnelHealthEvent;
import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
import io.l7mp.mcw.eventbus.tracing.EventObservability;
import io.l7mp.mcw.imports.adapter.k8s.ApplyOutcome;
import io.l7mp.mcw.imports.adapter.k8s.ClusterSnapshot;
import io.l7mp.mcw.imports.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.imports.adapter.k8s.KubernetesApplier;
import io.l7mp.mcw.imports.adapter.kafka.ImportEventPublisher;
import io.l7mp.mcw.imports.adapter.kafka.StateTopics;
import io.l7mp.mcw.imports.domain.EgressEndpoints;
import io.l7mp.mcw.imports.domain.ImportConfig;
import io.l7mp.mcw.imports.domain.ImportPlan;
import io.l7mp.mcw.imports.domain.ImportPlanner;
import io.l7mp.mcw.imports.domain.IncrementalImportPlanner;
import io.l7mp.mcw.imports.domain.PlannerInput;
import io.l7mp.mcw.imports.domain.ServiceRef;
import io.l7mp.mcw.imports.domain.TunnelReading;
import io.l7mp.mcw.imports.domain.WanReports;
import io.opentelemetry.api.trace.SpanContext;

/**
 * The import-service's pass of the shared {@link ReconcileLoop}, level-triggered: on any change (export view, import
 * view, namespaces, owned objects, egress gateway pods, this cluster's tunnel health and gateway events) it computes
 * the plan from the full inputs, applies it to the API and publishes what changed. Nothing happens before every topic
 * view caught up and the informers synced: acting on a partial view would delete and re-create imports at every
 * restart.
 */
@ApplicationScoped
public class ImportReconciler {
    private static final Logger LOGGER = Logger.getLogger(ImportReconciler.class);

    private final StateTopics topics;
    private final ClusterWatch cluster;
    private final KubernetesApplier applier;
    private final ImportEventPublisher publisher;
    private final ImportMetrics metrics;
    private final ClusterIdWatch clusterId;
    /** The settings with the cluster id in use, once it is known. */
    private volatile ImportConfig config;
    private volatile ClusterIdState.Changed idChanged;
    private final Clock clock;
    private final ReconcileLoop loop;
    /**
     * Plans only the services whose inputs changed since the last pass, with the same result as {@link ImportPlanner}
     * (a property test holds them equal); used from the loop's thread only.
     */
    private final IncrementalImportPlanner planner = new IncrementalImportPlanner();
    /** Runs the EndpointSlice phase of a pass beside its Service phase. */
    private final ExecutorService slicePhase = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mcw-import-slices");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean exportsCaughtUp = new AtomicBoolean();
    /** Export events seen live and not yet applied, by key: for the propagation metric and the "apply" span. */
    private final Map<String, Pending> unapplied = new ConcurrentHashMap<>();

    /** One export event on its way: when it happened, when this service read it, its trace context if any. */
    private record Pending(Instant eventTime, Instant received, SpanContext trace) {
    }

    private volatile boolean started;
    private Set<String> reported = Set.of();
    private List<String> reportedEgress;
    /** What the last pass-triggering reports held; each is touched by one topic reader's thread only. */
    private List<TunnelReading> shownReadings;
    private List<ActiveTunnel> shownActive;

    @Inject
    public ImportReconciler(StateTopics topics, ClusterWatch cluster, KubernetesApplier applier,
            ImportEventPublisher publisher, ImportMetrics metrics, ImportConfig config, ClusterIdWatch clusterId,
            ReconcileConfig reconcile, Clock clock) {
        this.topics = topics;
        this.cluster = cluster;
        this.applier = applier;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
        this.clusterId = clusterId;
        this.loop = new ReconcileLoop("import", reconcile.settings(), this::reconcile);
        publisher.onFailure(loop::retryLater);
    }

    /** Called once the cluster id is known, before the topic views start: they count this cluster's records. */
    public void useCluster(ClusterId id) {
        config = config.withCluster(id.name());
    }

    /** Called once the views caught up and the informers synced: from now on, passes act. */
    public void start() {
        started = true;
        LOGGER.infof("import-service ready: cluster=%s egress=%s egressPorts=%s", config.cluster(), config.egress(),
                config.egressPorts());
        loop.start();
        loop.trigger();
    }

    public boolean started() {
        return started;
    }

    /** What the service waits for before it acts (or why it stopped publishing); empty once it acts. */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>();
        if (clusterId.state() instanceof ClusterIdState.Unresolved u) {
            waiting.add(u.reason());
        } else if (idChanged != null) {
            waiting.add("a restart: " + idChanged.message());
        }
        waiting.addAll(topics.problems());
        cluster.unsynced().forEach(i -> waiting.add("the " + i + " informer to sync"));
        if (waiting.isEmpty() && !started) {
            waiting.add("the reconciler to start");
        }
        return waiting;
    }

    /** Export view changed: remember when each changed event happened (not for the start-up catch-up). */
    public void onExports(Map<String, ExportEvent> view, Set<String> changed) {
        if (exportsCaughtUp.getAndSet(true)) {
            Instant received = clock.instant();
            changed.forEach(k -> topics.exportTimes().of(k).ifPresent(t -> unapplied.put(k,
                    new Pending(t, received, topics.exportTimes().trace(k).orElse(null)))));
        }
        trigger();
    }

    /** Import view changed: only this cluster's keys matter. */
    public void onImports(Map<String, ImportEvent> view, Set<String> changed) {
        if (changed.stream().anyMatch(k -> k.startsWith(config.cluster() + "/"))) {
            trigger();
        }
    }

    /** Policies changed: only this cluster's matter, and only to static imports (whose tunnel they name). */
    public void onPolicies(Map<String, PolicyEvent> view, Set<String> changed) {
        if (changed.stream().anyMatch(k -> k.startsWith(config.cluster() + "/"))) {
            trigger();
        }
    }

    /**
     * Tunnel health changed: only this cluster's tunnels matter, and of them only what the status shows. Reports are
     * republished every second with new times; those that say nothing new cause no pass.
     */
    public void onTunnelHealth(Map<String, TunnelHealthEvent> view, Set<String> changed) {
        List<TunnelReading> readings = WanReports.of(config.cluster(), view.values(), null).tunnels();
        if (!readings.equals(shownReadings)) {
            shownReadings = readings;
            trigger();
        }
    }

    /** Gateway events changed: only this cluster's gateway matters, and of its events only the tunnels in use. */
    public void onGatewayEvents(Map<String, GatewayEvent> view, Set<String> changed) {
        List<ActiveTunnel> active = WanReports.of(config.cluster(), List.of(), view.get(config.cluster()))
                .activeTunnels();
        if (changed.contains(config.cluster()) && !active.equals(shownActive)) {
            shownActive = active;
            trigger();
        }
    }

    public void trigger() {
        loop.trigger();
    }

    private ReconcileLoop.Outcome reconcile() {
        if (!started || !topics.isCaughtUp() || !cluster.hasSynced()) {
            return ReconcileLoop.Outcome.NOT_READY;
        }
        if (!applier.cachesCaughtUp(cluster::resourceVersion)) {
            // the watch events of the last writes will trigger the next pass; this is the fallback
            return ReconcileLoop.Outcome.RETRY;
        }
        ClusterSnapshot snapshot = cluster.snapshot();
        PlannerInput input = new PlannerInput(config, List.copyOf(topics.exports().values()), snapshot.namespaces(),
                snapshot.allocations(), snapshot.clusterIps(), snapshot.foreign(),
                publisher.effective(topics.imports()), snapshot.egressPods(), topics.wanReports(),
                snapshot.pinned(config.cluster(), topics.ownPolicies()));
        ImportPlan first = planner.plan(input);
        ApplyOutcome outcome = new ApplyOutcome();
        // the EndpointSlices name the egress gateway and ports, not the VIPs: written while the derived Services are
        CompletableFuture<Void> slices = CompletableFuture.runAsync(() -> applier.applySlices(first.endpointSlices(),
                snapshot.slices(), ref -> whyGone(first, ref), outcome), slicePhase);
        ImportPlan plan;
        try {
            Map<ServiceRef, String> ips = applier.applyServices(first.services(), snapshot.services(),
                    ref -> whyGone(first, ref), outcome);
            // new VIPs: plan again so that the imports and their events carry them right away
            plan = ips.equals(input.clusterIps()) ? first : planner.plan(input.withClusterIps(ips));
            ImportPlan planned = plan;
            applier.applyImports(plan.imports(), snapshot.imports(), ref -> whyGone(planned, ref), outcome);
            applier.applyPinned(plan.pinned(), snapshot.statics(), outcome);
        } finally {
            join(slices);
        }
        if (clusterId.state() instanceof ClusterIdState.Changed changed) {
            withdraw(changed);
        } else {
            publish(plan, outcome);
        }
        metrics.states(plan.states());
        report(plan.notices());
        reportEgress(plan.egress());
        if (!outcome.ok()) {
            return ReconcileLoop.Outcome.RETRY;
        }
        recordPropagation();
        return ReconcileLoop.Outcome.DONE;
    }

    private void publish(ImportPlan plan, ApplyOutcome outcome) {
        for (ImportEvent event : plan.publish()) {
            if (!outcome.failed(new ServiceRef(event.namespace(), event.name()))) {
                publisher.publish(event);
            }
        }
        for (String key : plan.tombstones()) {
            List<String> parts = EventKeys.split(key, 3);
            if (!outcome.failed(new ServiceRef(parts.get(1), parts.get(2)))) {
                publisher.tombstone(key);
            }
        }
    }

    /**
     * The cluster id changed while running: the imports stay as they are for this cluster's clients (they keep
     * following the exports), but what was published under the old id is withdrawn, and nothing more until a restart.
     */
    private void withdraw(ClusterIdState.Changed changed) {
        if (idChanged == null) {
            LOGGER.errorf("%s", changed.message());
            idChanged = changed;
        }
        publisher.effective(topics.imports()).keySet().stream().sorted()
                .forEach(key -> publisher.tombstone(key, "the cluster id changed"));
    }

    private String whyGone(ImportPlan plan, ServiceRef ref) {
        ImportState state = plan.states().get(EventKeys.export(config.cluster(), ref.namespace(), ref.name()));
        return state == null ? "no cluster exports " + ref + " any more"
                : "import " + ref + " no longer needs it (state " + state + ")";
    }

    /** Logs each object left alone once, when it first appears. */
    private void report(List<String> notices) {
        Set<String> now = new HashSet<>(notices);
        now.stream().filter(n -> !reported.contains(n)).sorted().forEach(n -> LOGGER.warnf("%s", n));
        reported = now;
    }

    /** Logs the gateway endpoints when they change: a warning while none is ready, with the reason. */
    private void reportEgress(EgressEndpoints egress) {
        List<String> now = egress.endpoints().stream()
                .map(e -> e.address() + (e.ready() ? "" : e.terminating() ? " (terminating)" : " (not ready)"))
                .toList();
        if (now.equals(reportedEgress)) {
            return;
        }
        reportedEgress = now;
        if (egress.problem() != null) {
            LOGGER.warnf("%s; the derived Services have no ready endpoint: egressEndpoints=%s", egress.problem(), now);
        } else {
            LOGGER.infof("egress gateway endpoints of the derived Services: egressEndpoints=%s", now);
        }
    }

    /**
     * The export events of this pass are applied: their propagation lag, and an "apply" span in each traced export's
     * trace, from this service's receipt to now.
     */
    private void recordPropagation() {
        Instant now = clock.instant();
        unapplied.forEach((key, pending) -> {
            metrics.propagation(Duration.between(pending.eventTime(), now));
            EventObservability.applied("apply " + key, pending.trace(), pending.received(), Map.of("mcw.cluster",
                    config.cluster(), "mcw.export", key, "messaging.destination.name", topics.exportTopic()));
            unapplied.remove(key, pending);
        });
    }

    private static void join(CompletableFuture<Void> phase) {
        try {
            phase.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @PreDestroy
    void stop() {
        loop.close();
        slicePhase.shutdownNow();
    }
}

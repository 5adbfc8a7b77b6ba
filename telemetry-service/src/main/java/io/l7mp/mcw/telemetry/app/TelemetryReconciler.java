package io.l7mp.mcw.telemetry.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.NetworkConfig;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
import io.l7mp.mcw.telemetry.adapter.kafka.TelemetryViews;
import io.l7mp.mcw.telemetry.adapter.udp.TunnelProber;
import io.l7mp.mcw.telemetry.config.TelemetryConfig;
import io.l7mp.mcw.telemetry.domain.Notice;
import io.l7mp.mcw.telemetry.domain.ProbePlan;
import io.l7mp.mcw.telemetry.domain.ProbeSettings;
import io.l7mp.mcw.telemetry.domain.ProbeTargets;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The telemetry-service's pass of the shared {@link ReconcileLoop}: on every change of the policy and export views it
 * plans the tunnels to probe ({@link ProbeTargets}) and hands them to the {@link TunnelProber}, which starts the new
 * ones and stops (and tombstones) the gone ones. Nothing is planned before both views caught up, so a restart never
 * withdraws a tunnel it simply has not read yet.
 */
@ApplicationScoped
public class TelemetryReconciler {
    private static final Logger LOGGER = Logger.getLogger(TelemetryReconciler.class);
    /**
     * How often other clusters' policies are compared with those of the last plan: the views trigger a pass on any
     * export but only on this cluster's policies, and a destination's tunnels come from its own policies.
     */
    private static final Duration POLICY_CHECK = Duration.ofSeconds(1);

    @Inject
    TelemetryViews views;
    @Inject
    TunnelReporter reporter;
    @Inject
    TunnelMetrics metrics;
    @Inject
    TelemetryConfig config;
    @Inject
    NetworkConfig network;
    @Inject
    ClusterConfig cluster;
    @Inject
    ReconcileConfig reconcile;
    @Inject
    Vertx vertx;
    @Inject
    Clock clock;

    private ReconcileLoop loop;
    private TunnelProber prober;
    private long policyCheck = -1;
    private Set<Notice> logged = Set.of();
    private volatile Map<String, PolicyEvent> plannedPolicies = Map.of();

    void onStart(@Observes StartupEvent event) {
        ProbeSettings settings = config.probeSettings();
        Duration publishInterval = config.publicationInterval();
        AllowedNetworks allowed = network.allowedNetworks();
        LOGGER.infof("telemetry-service starting: cluster=%s interval=%d ms downAfter=%d upAfter=%d"
                + " lossTimeout=%d-%d ms lateWindow=%d ms lossWindow=%d rttWindow=%d publishInterval=%d ms"
                + " allowedCidrs=%s wanSourceAddress=%s", cluster.name(), settings.interval().toMillis(),
                settings.downAfter(), settings.upAfter(), settings.lossTimeoutMin().toMillis(),
                settings.lossTimeoutMax().toMillis(), settings.lateWindow().toMillis(), settings.lossWindow(),
                settings.rttWindow(), publishInterval.toMillis(), allowed, network.wanSourceAddress().orElse("<any>"));
        prober = new TunnelProber(vertx, cluster.name(), settings, publishInterval, allowed,
                network.wanSourceAddress(), reporter, clock);
        prober.start();
        loop = new ReconcileLoop("telemetry", reconcile.settings(), this::reconcile);
        views.ensureTopics();
        views.start(loop::trigger);
        loop.start();
        loop.trigger();
        policyCheck = vertx.setPeriodic(POLICY_CHECK.toMillis(), id -> {
            if (views.caughtUp() && !views.allPolicies().equals(plannedPolicies)) {
                loop.trigger();
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(policyCheck);
        if (loop != null) {
            loop.close();
        }
        if (prober != null) {
            prober.stop();
        }
        views.stop();
    }

    /** What the service waits for before it probes; empty once it does. */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>(views.problems());
        if (waiting.isEmpty() && !views.caughtUp()) {
            waiting.add("the topic views to catch up");
        }
        if (prober == null) {
            waiting.add("the prober to start");
        } else {
            prober.bindProblem().ifPresent(waiting::add);
        }
        return waiting;
    }

    private ReconcileLoop.Outcome reconcile() {
        if (!views.caughtUp()) {
            return ReconcileLoop.Outcome.NOT_READY;
        }
        Map<String, PolicyEvent> policies = views.allPolicies();
        ProbePlan plan = ProbeTargets.plan(cluster.name(), views.exports(), policies);
        plannedPolicies = policies;
        logNotices(plan.notices());
        metrics.planned(plan.targets());
        prober.update(plan.targets());
        return ReconcileLoop.Outcome.DONE;
    }

    /** Each notice once, while it holds; again if it goes away and comes back. */
    private void logNotices(List<Notice> notices) {
        for (Notice notice : notices) {
            if (!logged.contains(notice)) {
                LOGGER.warnf("probe plan: subject=\"%s\" notice=\"%s\"", notice.subject(), notice.message());
            }
        }
        logged = Set.copyOf(notices);
    }
}

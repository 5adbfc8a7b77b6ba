package io.l7mp.mcw.gateway.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.gateway.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.gateway.adapter.k8s.HttpRouteStatusWriter;
import io.l7mp.mcw.gateway.adapter.k8s.RefusalReporter;
import io.l7mp.mcw.gateway.adapter.kafka.EventViews;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.GatewayInputs;
import io.l7mp.mcw.gateway.domain.PassiveFailure;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathHealthTracker;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.TunnelInputs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's control loop (DESIGN D4, D5), a pass of the shared {@link ReconcileLoop}: any change on the topics
 * (exports, policies, tunnel health), in the cluster, or a failure the data plane saw on a path asks for a rebuild,
 * which brings the paths' health up to date ({@link PathHealthTracker}), collects the full inputs, builds the route
 * table with the tunnel choice in it and swaps it in. Then it closes the connections over paths that went down (so
 * their requests are retried and their clients reconnect on the tunnel in use), writes the HTTPRoutes' status, reports
 * every tunnel switch, and asks for another pass when a hold-down ends. Nothing is built before the topic views are
 * caught up and every informer has synced, so a restart never routes from half a view.
 */
@ApplicationScoped
public class GatewayReconciler {
    private static final Logger LOGGER = Logger.getLogger(GatewayReconciler.class);

    @Inject
    ClusterConfig cluster;

    @Inject
    EventViews events;

    @Inject
    ClusterWatch watch;

    @Inject
    RouteTableHolder holder;

    @Inject
    RefusalReporter refusals;

    @Inject
    HttpRouteStatusWriter routeStatuses;

    @Inject
    ListenerManager listeners;

    @Inject
    ReconcileConfig reconcile;

    @Inject
    PathSignals signals;

    @Inject
    TunnelSwitches switches;

    @Inject
    Clock clock;

    @Inject
    GatewayConfig config;

    @Inject
    PathHealthHolder pathHealth;

    private PathHealthTracker tracker;
    private Map<PathKey, PathHealth> lastPaths = Map.of();
    private ReconcileLoop loop;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("gateway-service starting for cluster=%s", cluster.name());
        tracker = new PathHealthTracker(config.passiveFailureHold());
        loop = new ReconcileLoop("gateway", reconcile.settings(), this::rebuild);
        signals.onSignal(loop::trigger);
        events.ensureTopics();
        listeners.start();
        events.start(loop::trigger);
        watch.start(loop::trigger);
        loop.start();
        loop.trigger();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
        watch.stop();
        events.stop();
        listeners.stop();
    }

    /** What the gateway waits for before it builds its first route table; empty once it has inputs. */
    public List<String> waitingFor() {
        List<String> waiting = new ArrayList<>(events.problems());
        watch.unsynced().forEach(i -> waiting.add("the " + i + " informer to sync"));
        return waiting;
    }

    /** The paths' health as the last pass saw it, for the admin API. */
    public Map<PathKey, PathHealth> paths() {
        return lastPaths;
    }

    private ReconcileLoop.Outcome rebuild() {
        if (!events.caughtUp() || !watch.synced()) {
            return ReconcileLoop.Outcome.NOT_READY; // the catch-up and sync callbacks trigger again
        }
        try {
            for (PassiveFailure failure : signals.drain()) {
                if (tracker.failed(failure)) {
                    LOGGER.infof("path %s down: %s, seen by the data plane; the probes have not said so yet",
                            failure.path(), failure.what());
                }
            }
            Instant now = clock.instant();
            Map<PathKey, PathHealth> paths = tracker.update(events.tunnelHealth(), now);
            RouteTable previous = holder.version() == 0 ? null : holder.current();
            List<ExportEvent> exports = events.exports();
            List<PolicyEvent> policies = events.allPolicies();
            GatewayInputs inputs = new GatewayInputs(cluster.name(), exports, watch.imports(), policies,
                    watch.services(), watch.l7Objects(), new TunnelInputs(List.copyOf(paths.values()),
                            previous == null ? Map.of() : previous.activeTunnels(), now));
            RouteTable table = holder.update(inputs);
            closeDownPaths(paths, exports, policies);
            lastPaths = paths;
            pathHealth.set(paths);
            if (table != previous) {
                LOGGER.debugf("route table version=%d ingress=%s egress=%s refused=%d", holder.version(),
                        table.ingressPorts(), table.egressPorts(), table.refused().size());
                refusals.report(table);
            }
            // every pass, not only on a new table: a write that failed is tried again, a route's status another
            // writer changed is set back
            routeStatuses.write(table);
            switches.report(table, holder.version(), paths);
            table.reconsiderAt().ifPresent(at -> loop.triggerIn(Duration.between(now, at).plusMillis(1)));
            tracker.nextExpiry().ifPresent(at -> loop.triggerIn(Duration.between(now, at).plusMillis(1)));
            return ReconcileLoop.Outcome.DONE;
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "route table rebuild failed; keeping version=%d", holder.version());
            return ReconcileLoop.Outcome.RETRY;
        }
    }

    /**
     * Closes the data plane's connections over every path that stopped carrying traffic since the last pass: requests
     * waiting on a blackholed tunnel are retried on the next one at once, and long-lived TCP connections and streams
     * reconnect onto the tunnel in use.
     */
    private void closeDownPaths(Map<PathKey, PathHealth> paths, List<ExportEvent> exports,
            List<PolicyEvent> policies) {
        paths.forEach((key, health) -> {
            PathHealth before = lastPaths.get(key);
            if (health.carriesTraffic() || before != null && !before.carriesTraffic()) {
                return;
            }
            String why = "tunnel " + key.tunnel() + " to " + key.destinationCluster() + " is down: " + health.reason();
            exports.stream().filter(e -> e.cluster().equals(key.destinationCluster()))
                    .map(ExportEvent::ingressAddress).distinct()
                    .forEach(host -> policies.stream()
                            .filter(p -> p.cluster().equals(key.destinationCluster())
                                    && p.tunnel().equals(key.tunnel()))
                            .map(PolicyEvent::port).distinct()
                            .forEach(port -> listeners.closePath(host, port, why)));
        });
    }
}

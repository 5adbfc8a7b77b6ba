package io.l7mp.mcw.gateway.app;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.eventbus.ReconcileLoop;
import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.eventbus.config.ReconcileConfig;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.gateway.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.gateway.adapter.k8s.RefusalReporter;
import io.l7mp.mcw.gateway.adapter.kafka.EventViews;
import io.l7mp.mcw.gateway.domain.GatewayInputs;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's control loop (DESIGN D4), a pass of the shared {@link ReconcileLoop}: any change on the topics or in
 * the cluster asks for a rebuild, which collects the full inputs, builds the route table and swaps it in. Nothing is built
 * before
 * both topic views are caught up and every informer has synced, so a restart never routes from half a view.
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
    ListenerManager listeners;

    @Inject
    ReconcileConfig reconcile;

    private ReconcileLoop loop;

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("gateway-service starting for cluster=%s", cluster.name());
        loop = new ReconcileLoop("gateway", reconcile.settings(), this::rebuild);
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

    private ReconcileLoop.Outcome rebuild() {
        if (!events.caughtUp() || !watch.synced()) {
            return ReconcileLoop.Outcome.NOT_READY; // the catch-up and sync callbacks trigger again
        }
        try {
            GatewayInputs inputs = new GatewayInputs(cluster.name(), events.exports(), watch.imports(),
                    events.ownPolicies(), watch.services(), watch.l7Objects());
            RouteTable table = holder.update(inputs);
            LOGGER.debugf("route table version=%d ingress=%s egress=%s refused=%d", holder.version(),
                    table.ingressPorts(), table.egressPorts(), table.refused().size());
            refusals.report(table);
            return ReconcileLoop.Outcome.DONE;
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "route table rebuild failed; keeping version=%d", holder.version());
            return ReconcileLoop.Outcome.RETRY;
        }
    }
}

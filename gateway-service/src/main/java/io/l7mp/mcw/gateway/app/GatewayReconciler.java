package io.l7mp.mcw.gateway.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.eventbus.config.ClusterConfig;
import io.l7mp.mcw.gateway.adapter.http.ListenerManager;
import io.l7mp.mcw.gateway.adapter.k8s.ClusterWatch;
import io.l7mp.mcw.gateway.adapter.k8s.RefusalReporter;
import io.l7mp.mcw.gateway.adapter.kafka.EventViews;
import io.l7mp.mcw.gateway.domain.GatewayInputs;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's control loop (DESIGN D4): any change on the topics or in the cluster asks for a rebuild; one thread
 * coalesces the triggers, collects the full inputs, builds the route table and swaps it in. Nothing is built before
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

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "gateway-rebuild");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();

    void onStart(@Observes StartupEvent event) {
        LOGGER.infof("gateway-service starting for cluster=%s", cluster.name());
        events.ensureTopics();
        listeners.start();
        events.start(this::trigger);
        watch.start(this::trigger);
        trigger();
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
        watch.stop();
        events.stop();
        listeners.stop();
    }

    /** Asks for a rebuild; triggers arriving while one is queued are folded into it. */
    public void trigger() {
        if (pending.compareAndSet(false, true)) {
            executor.execute(this::rebuild);
        }
    }

    private void rebuild() {
        pending.set(false);
        if (!events.caughtUp() || !watch.synced()) {
            return; // the catch-up and sync callbacks trigger again
        }
        try {
            GatewayInputs inputs = new GatewayInputs(cluster.name(), events.exports(), watch.imports(),
                    events.ownPolicies(), watch.services(), watch.l7Objects());
            RouteTable table = holder.update(inputs);
            LOGGER.debugf("route table version=%d ingress=%s egress=%s refused=%d", holder.version(),
                    table.ingressPorts(), table.egressPorts(), table.refused().size());
            refusals.report(table);
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "route table rebuild failed; keeping version=%d", holder.version());
        }
    }
}

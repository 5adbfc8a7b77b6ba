package io.l7mp.mcw.gateway.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.l7mp.mcw.gateway.adapter.http.ListenerManager;

/**
 * Ready once the gateway can carry traffic: a route table was built from caught-up topic views and synced informers,
 * the Host-routing listener is open and no listener the table asks for is still being opened. The import-service lists
 * only Ready gateway pods as the endpoints of imported services (and a LoadBalancer in front of the ingress does the
 * same), so a gateway that starts, or restarts during a rollout, gets traffic only when its listeners are there.
 * <p>
 * A listener that could not be opened (its port is taken) is reported, with the reason, but does not make the
 * gateway unready: every other flow still works, and the port is tried again at the next table change.
 */
@Readiness
@ApplicationScoped
public class GatewayReadiness implements HealthCheck {
    static final String NAME = "mcw-gateway-data-plane";

    private final RouteTableHolder holder;
    private final ListenerManager listeners;

    @Inject
    public GatewayReadiness(RouteTableHolder holder, ListenerManager listeners) {
        this.holder = holder;
        this.listeners = listeners;
    }

    @Override
    public HealthCheckResponse call() {
        return evaluate(holder.version(), listeners.status());
    }

    /** The verdict on a route table version (0: none built yet) and the listeners' state. */
    static HealthCheckResponse evaluate(long routeTableVersion, ListenerManager.Status status) {
        String waitingFor = routeTableVersion == 0
                ? "the first route table (topic views catching up, informers syncing)"
                : !status.hostRoutingOpen() ? "the Host-routing listener"
                        : status.opening() > 0 ? status.opening() + " listener(s) being opened" : null;
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).status(waitingFor == null)
                .withData("routeTableVersion", routeTableVersion).withData("listenersOpen", status.open())
                .withData("listenersOpening", status.opening());
        if (waitingFor != null) {
            response.withData("waitingFor", waitingFor);
        }
        status.failed().forEach((listener, reason) -> response.withData("cannotListen " + listener, reason));
        return response.build();
    }
}

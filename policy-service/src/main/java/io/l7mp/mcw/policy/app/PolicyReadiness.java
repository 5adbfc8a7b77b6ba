package io.l7mp.mcw.policy.app;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the informer has synced and the policies topic has been read to its end. */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {
    @Inject
    PolicyReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        List<String> waiting = reconciler.waitingFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("policy-reconciler").status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waitingFor", String.join("; ", waiting));
        }
        return response.build();
    }
}

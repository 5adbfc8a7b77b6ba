package io.l7mp.mcw.policy.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the informer has synced and the policies topic has been read to its end. */
@Readiness
@ApplicationScoped
public class PolicyReadiness implements HealthCheck {
    @Inject
    PolicyReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("policy-reconciler").status(reconciler.ready()).build();
    }
}

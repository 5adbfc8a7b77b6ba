package io.l7mp.mcw.export.app;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the topic views caught up and the informers synced: before that the service does not act. */
@Readiness
@ApplicationScoped
public class ExportReadiness implements HealthCheck {
    @Inject
    ExportReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("export-service").status(reconciler.ready()).build();
    }
}

package io.l7mp.mcw.export.app;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the cluster id is known, the topic views caught up and the informers synced: before that the service does
 * not act. Not ready again, with the reason, when the cluster id changed while running (until a restart).
 */
@Readiness
@ApplicationScoped
public class ExportReadiness implements HealthCheck {
    @Inject
    ExportReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        List<String> waiting = reconciler.waitingFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("export-service").status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waitingFor", String.join("; ", waiting));
        }
        return response.build();
    }
}

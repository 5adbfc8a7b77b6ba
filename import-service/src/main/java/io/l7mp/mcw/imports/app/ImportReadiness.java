package io.l7mp.mcw.imports.app;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the topic views (exports, imports, tunnel health, gateway events) caught up and the informers synced,
 * i.e. once imports are acted on.
 */
@Readiness
@ApplicationScoped
public class ImportReadiness implements HealthCheck {
    private final ImportReconciler reconciler;

    @Inject
    public ImportReadiness(ImportReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> waiting = reconciler.waitingFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("mcw-import-reconciler")
                .status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waitingFor", String.join("; ", waiting));
        }
        return response.build();
    }
}

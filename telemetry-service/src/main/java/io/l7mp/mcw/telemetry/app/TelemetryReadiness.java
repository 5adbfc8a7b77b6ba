package io.l7mp.mcw.telemetry.app;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the topic views caught up and the probe socket is bound: before that the service probes nothing. */
@Readiness
@ApplicationScoped
public class TelemetryReadiness implements HealthCheck {
    @Inject
    TelemetryReconciler reconciler;

    @Override
    public HealthCheckResponse call() {
        List<String> waiting = reconciler.waitingFor();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("telemetry-service").status(waiting.isEmpty());
        if (!waiting.isEmpty()) {
            response.withData("waitingFor", String.join("; ", waiting));
        }
        return response.build();
    }
}

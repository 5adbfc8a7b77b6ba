package io.l7mp.mcw.eventbus.tracing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Where every service sends its spans (DESIGN D6). Quarkus composes every {@link SpanExporter} bean
 * ({@code quarkus.otel.traces.exporter=cdi}, its own OTLP exporter off at build time); this is the one: a Zipkin
 * server's {@code /api/v2/spans} when {@code mcw.tracing.zipkin-endpoint} is set (the sandbox's trace backend), else
 * nothing leaves the process. The endpoint is read at start-up, so one build serves every deployment.
 */
@Singleton
public class TraceExporters {
    private static final Logger LOGGER = Logger.getLogger(TraceExporters.class);

    @Produces
    @Singleton
    SpanExporter spanExporter(@ConfigProperty(name = "mcw.tracing.zipkin-endpoint") Optional<String> zipkin) {
        if (zipkin.isEmpty() || zipkin.get().isBlank()) {
            LOGGER.debugf("traces are not exported: mcw.tracing.zipkin-endpoint is not set");
            return SpanExporter.composite();
        }
        LOGGER.infof("exporting traces to Zipkin at %s", zipkin.get());
        URLConnectionSender sender = URLConnectionSender.newBuilder().endpoint(zipkin.get())
                .connectTimeout((int) Duration.ofSeconds(5).toMillis()).readTimeout((int) Duration.ofSeconds(5).toMillis())
                .build();
        return ZipkinSpanExporter.builder().setSender(sender).build();
    }
}

package io.l7mp.mcw.gateway.adapter;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/**
 * Keeps every span the gateway finishes in a {@code @QuarkusTest} in memory, for the tests to read: Quarkus hands the
 * spans to every {@code SpanExporter} bean ({@code quarkus.otel.traces.exporter=cdi}), this one beside the
 * production exporter of {@code TraceExporters}, which sends nowhere in tests.
 */
@Singleton
public class RecordedSpans {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}

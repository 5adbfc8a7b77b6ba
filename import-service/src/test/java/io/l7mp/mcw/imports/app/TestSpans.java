package io.l7mp.mcw.imports.app;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** The spans the service ends in a test, kept in memory (Quarkus composes every SpanExporter bean). */
@Singleton
public class TestSpans {
    static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    @Produces
    @Singleton
    InMemorySpanExporter exporter() {
        return EXPORTER;
    }
}

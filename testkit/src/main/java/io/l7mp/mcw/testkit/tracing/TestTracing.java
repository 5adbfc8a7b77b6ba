package io.l7mp.mcw.testkit.tracing;

import java.net.URI;
import java.util.Map;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The tracing of a test's own parts (a client, a sample backend), exported to the same Zipkin server as the services'
 * spans, so that a trace can be read back end to end. Every span is sampled and exported when it ends.
 */
public final class TestTracing implements AutoCloseable {
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OpenTelemetrySdk sdk;
    private final Tracer tracer;

    private TestTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
        this.tracer = sdk.getTracer("io.l7mp.mcw.testkit");
    }

    /**
     * @param serviceName how the spans' service is named in Zipkin (e.g. {@code payment-backend})
     * @param zipkinSpans the server's {@code /api/v2/spans}
     */
    public static TestTracing toZipkin(String serviceName, URI zipkinSpans) {
        URLConnectionSender sender = URLConnectionSender.create(zipkinSpans.toString());
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), serviceName))))
                .addSpanProcessor(SimpleSpanProcessor.create(ZipkinSpanExporter.builder().setSender(sender).build()))
                .build();
        return new TestTracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build());
    }

    public OpenTelemetry openTelemetry() {
        return sdk;
    }

    /** A new root span of {@code kind}, started now. */
    public Span root(String name, SpanKind kind) {
        return tracer.spanBuilder(name).setSpanKind(kind).setNoParent().startSpan();
    }

    /** A span of {@code kind}, child of the trace context in {@code headers} (a root when they carry none). */
    public Span child(String name, SpanKind kind, Map<String, String> headers) {
        Context parent = W3C.extract(Context.root(), headers, GETTER);
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent).startSpan();
    }

    /** The {@code traceparent} header value of {@code span}. */
    public static String traceparent(Span span) {
        var context = span.getSpanContext();
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** Exports what is left and stops. */
    @Override
    public void close() {
        sdk.getSdkTracerProvider().forceFlush();
        sdk.close();
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.List;

import io.l7mp.mcw.gateway.app.PathHealthHolder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * Starts the data plane's spans (docs/observability.md, "Traces in the gateway"): one per request, or per TCP
 * connection, per gateway. Egress spans are CLIENT spans (the gateway calls the peer across the SD-WAN for the local
 * client), ingress spans SERVER spans (the gateway serves the peer's call); each is a child of the caller's W3C
 * {@code traceparent}, or a root when there is none or it is malformed. The spans are made here rather than by
 * Vert.x' tracing, which is off on the data plane's servers and clients: it would add a span and a traceparent of
 * its own per hop.
 * <p>
 * The fast path stays cheap: a span is started without attributes (the ratio sampler does not read them) and
 * described only when it records. A span that does not record is dropped at once, and the request keeps the caller's
 * trace fields as they came. Only the {@code traceparent} field is read and written: {@code tracestate} passes
 * through untouched, and other propagation formats are not spoken on the data plane.
 */
final class HopTracer {
    /** The instrumentation scope of the data plane's spans. */
    static final String SCOPE = "io.l7mp.mcw.gateway";
    static final String TRACEPARENT = "traceparent";

    /** Reads the one field the propagator needs from a carrier that is that field's value. */
    private static final TextMapGetter<String> TRACEPARENT_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;
    private final PathHealthHolder paths;

    HopTracer(OpenTelemetry openTelemetry, PathHealthHolder paths) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.paths = paths;
    }

    /** A request or CONNECT that arrived at an ingress listener, with the caller's traceparent (null if none). */
    HopSpan ingress(String method, String traceparent) {
        return start(SpanKind.SERVER, method, traceparent);
    }

    /** A request or TCP connection that goes out to a peer gateway, with the client's traceparent (null if none). */
    HopSpan egress(String method, String traceparent) {
        return start(SpanKind.CLIENT, method, traceparent);
    }

    private HopSpan start(SpanKind kind, String method, String traceparent) {
        SpanBuilder builder = tracer.spanBuilder(SpanAttributes.spanName(method)).setSpanKind(kind);
        if (traceparent == null) {
            builder.setNoParent();
        } else {
            // a malformed value leaves the root context: the span starts a new trace
            builder.setParent(W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent,
                    TRACEPARENT_VALUE));
        }
        Span span = builder.startSpan();
        if (!span.isRecording()) {
            return HopSpan.NONE;
        }
        return new HopSpan(span, traceparent(span.getSpanContext()), paths);
    }

    /** Version 00 of the W3C field for {@code context}. */
    static String traceparent(SpanContext context) {
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.app.PathHealthHolder;
import io.l7mp.mcw.gateway.domain.IngressListener;
import io.l7mp.mcw.gateway.domain.PathHealth;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.ServiceKey;
import io.l7mp.mcw.gateway.domain.TunnelInputs;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.semconv.HttpAttributes;

/**
 * The span of one request or TCP connection through this gateway ({@link HopTracer}), or {@link #NONE} when nothing
 * is recorded (tracing off, or not sampled): then every method does nothing and {@link #traceparent} is null, so the
 * caller's trace fields go on as they came. Confined to the event loop of its request.
 */
final class HopSpan implements SpanAttributes.Sink {
    /** Records nothing, changes nothing. */
    static final HopSpan NONE = new HopSpan(null, null, null);
    /** The MDC keys of the ids, those Quarkus' OpenTelemetry uses: the JSON log shows them in its {@code mdc}. */
    static final String TRACE_ID = "traceId";
    static final String SPAN_ID = "spanId";

    private final Span span;
    private final String traceparent;
    private final PathHealthHolder paths;
    /** Egress: the table that routed the request, the service and the candidates an attempt index names. */
    private RouteTable table;
    private ServiceKey service;
    private List<Upstream> candidates;
    /** The path of the first attempt and how the latest failed attempt failed: a retry onto another path. */
    private PathKey firstPath;
    private RetryPolicy.Failure lastFailure;
    private int retries;
    private boolean ended;

    HopSpan(Span span, String traceparent, PathHealthHolder paths) {
        this.span = span;
        this.traceparent = traceparent;
        this.paths = paths;
    }

    boolean recording() {
        return span != null;
    }

    /**
     * The W3C {@code traceparent} to send on in place of the caller's: this span's context. Null when nothing is
     * recorded: the caller's fields are then sent as they came.
     */
    String traceparent() {
        return traceparent;
    }

    /**
     * Logs a line of this request or connection with {@code logger}, the span's trace and span ids in the MDC
     * ({@value #TRACE_ID}, {@value #SPAN_ID}) while it is written, so that the line can be found from the trace and
     * the other way round. The ids are there for this one line only: an event loop's thread serves other requests
     * between two lines of this one, and the data plane does not run in a Vert.x duplicated context whose MDC Quarkus
     * would keep apart. Without a recording span, the line is logged as it is.
     */
    void log(Logger logger, Logger.Level level, String format, Object... params) {
        if (span == null) {
            logger.logf(level, format, params);
            return;
        }
        if (!logger.isEnabled(level)) {
            return;
        }
        SpanContext context = span.getSpanContext();
        Object traceIdBefore = MDC.put(TRACE_ID, context.getTraceId());
        Object spanIdBefore = MDC.put(SPAN_ID, context.getSpanId());
        try {
            logger.logf(level, format, params);
        } finally {
            restore(TRACE_ID, traceIdBefore);
            restore(SPAN_ID, spanIdBefore);
        }
    }

    private static void restore(String key, Object before) {
        if (before == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, before);
        }
    }

    /**
     * Sets an attribute {@link SpanAttributes} mapped; the callers map only when {@link #recording}, and a span that
     * does not record ignores it.
     */
    @Override
    public <T> SpanAttributes.Sink put(AttributeKey<T> key, T value) {
        if (span != null) {
            span.setAttribute(key, value);
        }
        return this;
    }

    /**
     * An egress request or connection: {@link #end} reports the candidate its index names, with the tunnel choice of
     * {@code table} and the path's measured health.
     */
    void egress(RouteTable table, ServiceKey service, List<Upstream> candidates) {
        if (span != null) {
            this.table = table;
            this.service = service;
            this.candidates = candidates;
            this.firstPath = candidates.get(0).path();
        }
    }

    /**
     * An ingress request or connection on the listener of {@code port}: where it came from, what it reached, the
     * listener's policy and tunnel, and the round-trip time this cluster's probes measured on that tunnel towards the
     * source cluster (the same tunnel, seen from its other end).
     *
     * @param sourceCluster the {@code x-mcw-source-cluster} field; null when absent
     * @param service the exported service the request reached; null when it was refused
     */
    void ingress(String sourceCluster, RouteTable table, int port, ServiceKey service) {
        if (span == null) {
            return;
        }
        IngressListener listener = table.ingressListener(port).orElse(null);
        PathHealth path = listener == null || sourceCluster == null || sourceCluster.isBlank() ? null
                : paths.of(new PathKey(sourceCluster, listener.tunnel()));
        SpanAttributes.ingressRoute(this, sourceCluster, table.cluster(), port, listener, service, path);
    }

    /** An attempt failed and the request goes to {@code next}: an event on the span. */
    void retry(Target failed, RetryPolicy.Failure failure, Target next) {
        if (span != null) {
            retries++;
            lastFailure = failure;
            span.addEvent(SpanAttributes.RETRY_EVENT, SpanAttributes.retry(failed, failure, next));
        }
    }

    /**
     * Ends the span, once.
     *
     * @param status what the client got ({@link SpanAttributes#outcome})
     * @param index the candidate of the last attempt
     * @param answer the text of the gateway's own answer; null when the upstream answered
     * @param failure why it failed beyond its status; null when it did not
     */
    void end(int status, int index, String answer, String failure) {
        if (span == null || ended) {
            return;
        }
        ended = true;
        if (candidates != null) {
            Upstream used = candidates.get(index);
            SpanAttributes.egressRoute(this, table.cluster(), service, used,
                    table.tunnelChoices().get(TunnelInputs.key(used.cluster(), used.policy())),
                    paths.of(used.path()), firstPath, lastFailure);
        }
        if (retries > 0) {
            span.setAttribute(HttpAttributes.HTTP_REQUEST_RESEND_COUNT, (long) retries);
        }
        SpanAttributes.Outcome outcome = SpanAttributes.outcome(this, status, answer, failure);
        if (outcome.description() != null) {
            span.setStatus(outcome.code(), outcome.description());
        } else {
            span.setStatus(outcome.code());
        }
        span.end();
    }
}

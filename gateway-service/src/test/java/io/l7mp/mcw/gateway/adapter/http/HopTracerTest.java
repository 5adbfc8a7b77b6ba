package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.app.PathHealthHolder;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * How a hop's span joins the caller's trace and what goes downstream: the propagation rule of
 * docs/observability.md, with the SDK the gateway runs and its parent-based ratio sampler.
 */
class HopTracerTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
    private static final String SAMPLED = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01";
    private static final String NOT_SAMPLED = "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-00";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private OpenTelemetrySdk sdk;

    @AfterEach
    void closeSdk() {
        if (sdk != null) {
            sdk.close();
        }
    }

    @Test
    void aSampledCallerGetsAChildSpanAndTheChildsTraceparentGoesOn() {
        // Given
        HopTracer tracer = tracer(1.0);

        // When
        HopSpan span = tracer.ingress("GET", SAMPLED);
        String downstream = span.traceparent();
        span.end(200, 0, null, null);

        // Then
        SpanData data = single();
        assertThat(data.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(data.getName()).isEqualTo("GET");
        assertThat(data.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(data.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
        assertThat(data.getParentSpanContext().isRemote()).isTrue();
        assertThat(data.getInstrumentationScopeInfo().getName()).isEqualTo(HopTracer.SCOPE);
        assertThat(downstream).isEqualTo("00-" + TRACE_ID + "-" + data.getSpanId() + "-01");
    }

    @Test
    void noTraceparentStartsATrace() {
        // Given
        HopTracer tracer = tracer(1.0);

        // When
        HopSpan span = tracer.egress("POST", null);
        span.end(201, 0, null, null);

        // Then
        SpanData data = single();
        assertThat(data.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(data.getParentSpanContext().isValid()).isFalse();
        assertThat(span.traceparent()).isEqualTo("00-" + data.getTraceId() + "-" + data.getSpanId() + "-01");
    }

    @Test
    void aMalformedTraceparentStartsATraceToo() {
        // Given
        HopTracer tracer = tracer(1.0);

        // When: a trace id of zeros, then a value that is no traceparent at all
        HopSpan zeros = tracer.egress("GET", "00-00000000000000000000000000000000-" + CALLER_SPAN_ID + "-01");
        zeros.end(200, 0, null, null);
        HopSpan garbage = tracer.egress("GET", "not a traceparent");
        garbage.end(200, 0, null, null);

        // Then
        assertThat(spans.getFinishedSpanItems()).hasSize(2).allSatisfy(data -> {
            assertThat(data.getParentSpanContext().isValid()).isFalse();
            assertThat(data.getTraceId()).isNotEqualTo("00000000000000000000000000000000");
        });
    }

    @Test
    void anUnsampledCallerGetsNoSpanAndItsTraceparentIsLeftAlone() {
        // Given: the parent-based sampler follows the caller's decision whatever the ratio
        HopTracer tracer = tracer(1.0);

        // When
        HopSpan span = tracer.ingress("GET", NOT_SAMPLED);

        // Then
        assertThat(span).isSameAs(HopSpan.NONE);
        assertThat(span.recording()).isFalse();
        assertThat(span.traceparent()).as("null: the caller's fields go on as they came").isNull();
    }

    @Test
    void aRatioOfZeroRecordsNoNewTraceButFollowsASampledCaller() {
        // Given
        HopTracer tracer = tracer(0.0);

        // When
        HopSpan root = tracer.egress("GET", null);
        HopSpan child = tracer.egress("GET", SAMPLED);
        child.end(200, 0, null, null);

        // Then
        assertThat(root.recording()).isFalse();
        assertThat(child.recording()).isTrue();
        assertThat(single().getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
    }

    @Test
    void tracingOffRecordsNothingAndChangesNothing() {
        // Given: quarkus.otel.sdk.disabled=true gives the no-op API
        HopTracer tracer = new HopTracer(OpenTelemetry.noop(), new PathHealthHolder());

        // When
        HopSpan span = tracer.ingress("GET", SAMPLED);

        // Then
        assertThat(span).isSameAs(HopSpan.NONE);
    }

    @Test
    void aLineLoggedWithTheSpanLeavesTheMdcAsItFoundIt() {
        // Given: a recording span, and an MDC that already holds a trace id but no span id
        HopTracer tracer = tracer(1.0);
        HopSpan span = tracer.egress("GET", SAMPLED);
        MDC.put(HopSpan.TRACE_ID, "of-something-else");
        try {
            // When
            span.log(Logger.getLogger(HopTracerTest.class), Logger.Level.INFO, "a line of %s", "this request");

            // Then: the event loop's next line does not carry this span's ids
            assertThat(MDC.get(HopSpan.TRACE_ID)).isEqualTo("of-something-else");
            assertThat(MDC.get(HopSpan.SPAN_ID)).isNull();
        } finally {
            MDC.remove(HopSpan.TRACE_ID);
        }
    }

    @Test
    void retriesAreEventsAndTheSpanEndsOnce() {
        // Given
        HopTracer tracer = tracer(1.0);
        HopSpan span = tracer.egress("GET", SAMPLED);
        Target business = new Target("10.0.0.1", 31111, null, new PathKey("cluster-1", "business"));
        Target internet = new Target("10.0.0.1", 31112, null, new PathKey("cluster-1", "internet"));

        // When
        span.retry(business, RetryPolicy.Failure.CONNECT_FAILED, internet);
        span.end(502, 1, "upstream 10.0.0.1:31112 failed (refused); no other candidate", null);
        span.end(499, 1, null, "late");

        // Then
        SpanData data = single();
        assertThat(data.getEvents()).hasSize(1);
        assertThat(data.getEvents().get(0).getName()).isEqualTo(SpanAttributes.RETRY_EVENT);
        assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(data.getStatus().getDescription())
                .isEqualTo("upstream 10.0.0.1:31112 failed (refused); no other candidate");
        assertThat(data.getAttributes().get(io.opentelemetry.semconv.HttpAttributes.HTTP_REQUEST_RESEND_COUNT))
                .isEqualTo(1L);
    }

    private HopTracer tracer(double ratio) {
        sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
        return new HopTracer(sdk, new PathHealthHolder());
    }

    private SpanData single() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }
}

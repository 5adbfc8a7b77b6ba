package io.l7mp.mcw.eventbus.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.inject.spi.CDI;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * Traces and lag of the control-plane events (DESIGN D6), in one place for the event bus' plain classes
 * ({@code EventSender}, {@code StateTopicReader}), which are built with {@code new} rather than injected: the service's
 * {@link OpenTelemetry}, {@link MeterRegistry} and name are looked up from CDI once, on first use; outside a CDI
 * container (plain unit tests) traces are not made and nothing is measured.
 *
 * <p>
 * An event carries the trace context of the span that published it as the CloudEvents Distributed Tracing extension
 * ({@code ce_traceparent}, {@code ce_tracestate}), so that an export's path from the export-service to the
 * import-service of every cluster is one trace: a PRODUCER span per publish, a CONSUMER span per record a caught-up
 * reader takes into its view, each consumer's own "applied" span where it has one.
 */
public final class EventObservability {
    /** The instrumentation scope of every control-plane span. */
    public static final String SCOPE = "io.l7mp.mcw.eventbus";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private static volatile Services services;
    private static final Map<String, Timer> LAGS = new ConcurrentHashMap<>();

    private EventObservability() {
    }

    /** What is looked up from the service's container; every part may be a no-op. */
    private record Services(Tracer tracer, MeterRegistry registry, String name) {
    }

    private static Services services() {
        Services known = services;
        if (known == null) {
            known = lookUp();
            services = known;
        }
        return known;
    }

    private static Services lookUp() {
        Tracer tracer = OpenTelemetry.noop().getTracer(SCOPE);
        MeterRegistry registry = null;
        String name = "unknown";
        try {
            if (tracingOn()) {
                tracer = CDI.current().select(OpenTelemetry.class).get().getTracer(SCOPE);
            }
        } catch (RuntimeException | LinkageError e) {
            // no container: no traces
        }
        try {
            registry = CDI.current().select(MeterRegistry.class).get();
        } catch (RuntimeException | LinkageError e) {
            // no container: no lag metric
        }
        try {
            name = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
                    .orElse(name);
        } catch (RuntimeException | LinkageError e) {
            // no config
        }
        return new Services(tracer, registry, name);
    }

    /**
     * Whether the service traces at all. With {@code quarkus.otel.sdk.disabled=true} Quarkus still hands out an SDK
     * that samples and records every span (and exports none), so the setting is read here and the no-op API used
     * instead: no span, and no {@code ce_traceparent} on the events. The same for
     * {@code quarkus.otel.traces.enabled=false}.
     */
    private static boolean tracingOn() {
        Config config = ConfigProvider.getConfig();
        return !config.getOptionalValue("quarkus.otel.sdk.disabled", Boolean.class).orElse(false)
                && config.getOptionalValue("quarkus.otel.traces.enabled", Boolean.class).orElse(true);
    }

    /** The name of this service ({@code quarkus.application.name}): the {@code consumer} of its lag metrics. */
    public static String serviceName() {
        return services().name();
    }

    /**
     * Starts the PRODUCER span of one publish, child of the current context (a root when there is none).
     *
     * @return the span; its context goes onto the event with {@link #traceContext(Span)}
     */
    public static Span startPublish(String topic, String key, String ceType, String ceId) {
        SpanBuilder builder = services().tracer().spanBuilder("publish " + topic).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "kafka").setAttribute("messaging.operation.type", "send")
                .setAttribute("messaging.destination.name", topic);
        if (key != null) {
            builder.setAttribute("messaging.kafka.message.key", key);
        }
        return builder.setAttribute("cloudevents.event_type", ceType).setAttribute("cloudevents.event_id", ceId)
                .setAttribute("cloudevents.event_subject", key == null ? "" : key).startSpan();
    }

    /** The W3C {@code traceparent} and {@code tracestate} of {@code span}; empty values when it is not sampled. */
    public static Map<String, String> traceContext(Span span) {
        Map<String, String> carrier = new ConcurrentHashMap<>();
        if (span.getSpanContext().isValid()) {
            W3C.inject(Context.root().with(span), carrier, SETTER);
        }
        return carrier;
    }

    /** The context an event's {@code ce_traceparent} names; the root context when it has none or a malformed one. */
    public static Context parent(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = tracestate == null ? Map.of(TRACEPARENT, traceparent)
                : Map.of(TRACEPARENT, traceparent, TRACESTATE, tracestate);
        return W3C.extract(Context.root(), carrier, GETTER);
    }

    /**
     * Records that this service took an event into its view: the CONSUMER span (child of the event's trace context,
     * from the receipt until now) and {@code mcw_events_receive_lag_seconds{consumer, topic}} (CloudEvent time to
     * receipt).
     */
    public static void received(String topic, String key, Instant eventTime, String traceparent, String tracestate,
            Instant receivedAt) {
        Services s = services();
        if (s.registry() != null && eventTime != null) {
            LAGS.computeIfAbsent(topic, t -> Timer.builder("mcw_events_receive_lag_seconds")
                    .description("Time from an event's CloudEvent time to its receipt by a caught-up reader of this "
                            + "service, by topic")
                    .tag("consumer", s.name()).tag("topic", t).register(s.registry()))
                    .record(Duration.between(eventTime, receivedAt).isNegative() ? Duration.ZERO
                            : Duration.between(eventTime, receivedAt));
        }
        Context parent = parent(traceparent, tracestate);
        if (!Span.fromContext(parent).getSpanContext().isValid()) {
            return; // an untraced event starts no trace of its own here
        }
        Span span = s.tracer().spanBuilder("receive " + topic).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setStartTimestamp(receivedAt).setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "receive").setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.kafka.message.key", key == null ? "" : key)
                .setAttribute("mcw.consumer", s.name()).startSpan();
        span.end();
    }

    /**
     * An INTERNAL span of {@code name} from {@code start} to now, child of the event's trace context: what a consumer
     * did with the event (the import-service's "applied"). Nothing when the event was not traced.
     */
    public static void applied(String name, SpanContext event, Instant start, Map<String, String> attributes) {
        if (event == null || !event.isValid()) {
            return;
        }
        SpanBuilder builder = services().tracer().spanBuilder(name).setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.root().with(Span.wrap(event))).setStartTimestamp(start);
        attributes.forEach(builder::setAttribute);
        builder.startSpan().end();
    }

    /** The span context an event's headers name; empty when it has none. */
    public static Optional<SpanContext> spanContext(String traceparent, String tracestate) {
        SpanContext context = Span.fromContext(parent(traceparent, tracestate)).getSpanContext();
        return context.isValid() ? Optional.of(context) : Optional.empty();
    }

    private static final TextMapSetter<Map<String, String>> SETTER = (carrier, k, v) -> carrier.put(k, v);

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String k) {
            return carrier == null ? null : carrier.get(k);
        }
    };
}

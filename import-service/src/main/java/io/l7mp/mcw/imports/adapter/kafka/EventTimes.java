package io.l7mp.mcw.imports.adapter.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.eventbus.EventParser;
import io.l7mp.mcw.eventbus.tracing.EventObservability;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Remembers, per record key, when the latest event happened: its CloudEvents {@code ce_time}, or the time the
 * reader saw the record when it has none (a tombstone without headers); and the trace context it carries
 * ({@code ce_traceparent}). Feeds {@code mcw_events_propagation_seconds} and the "apply" span of the export's trace.
 */
public final class EventTimes {
    private final Clock clock;
    private final Map<String, Instant> times = new ConcurrentHashMap<>();
    private final Map<String, SpanContext> traces = new ConcurrentHashMap<>();

    public EventTimes(Clock clock) {
        this.clock = clock;
    }

    /** Wraps a parser so that every record it parses successfully records its event time. */
    public <T> EventParser<T> recording(EventParser<T> parser) {
        return (key, headers, value) -> {
            T event = parser.parse(key, headers, value);
            times.put(key, ceTime(headers).orElseGet(clock::instant));
            Optional<SpanContext> trace = EventObservability.spanContext(text(headers, CloudEventAttributes.H_TRACEPARENT),
                    text(headers, CloudEventAttributes.H_TRACESTATE));
            if (trace.isPresent()) {
                traces.put(key, trace.get());
            } else {
                traces.remove(key);
            }
            return event;
        };
    }

    public Optional<Instant> of(String key) {
        return Optional.ofNullable(times.get(key));
    }

    /** The trace context of the latest event under {@code key}; empty when it was not traced. */
    public Optional<SpanContext> trace(String key) {
        return Optional.ofNullable(traces.get(key));
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static Optional<Instant> ceTime(Map<String, byte[]> headers) {
        byte[] time = headers.get(CloudEventAttributes.H_TIME);
        if (time == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(new String(time, StandardCharsets.UTF_8)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

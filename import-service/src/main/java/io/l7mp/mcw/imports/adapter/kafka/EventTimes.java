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

/**
 * Remembers, per record key, when the latest event happened: its CloudEvents {@code ce_time}, or the time the
 * reader saw the record when it has none (a tombstone without headers). Feeds {@code mcw_event_propagation_seconds}.
 */
public final class EventTimes {
    private final Clock clock;
    private final Map<String, Instant> times = new ConcurrentHashMap<>();

    public EventTimes(Clock clock) {
        this.clock = clock;
    }

    /** Wraps a parser so that every record it parses successfully records its event time. */
    public <T> EventParser<T> recording(EventParser<T> parser) {
        return (key, headers, value) -> {
            T event = parser.parse(key, headers, value);
            times.put(key, ceTime(headers).orElseGet(clock::instant));
            return event;
        };
    }

    public Optional<Instant> of(String key) {
        return Optional.ofNullable(times.get(key));
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

package io.l7mp.mcw.api.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of one event, carried in Kafka binary mode as {@code ce_*} headers
 * (the record value is the JSON data, or null for a tombstone).
 *
 * @param traceparent, tracestate the CloudEvents Distributed Tracing extension: the W3C trace context of the span that
 *        published the event ({@code ce_traceparent}, {@code ce_tracestate}); null when the event was not traced
 */
public record CloudEventAttributes(String id, String source, String type, Instant time, String subject,
        String traceparent, String tracestate) {

    public static final String SPEC_VERSION = "1.0";
    public static final String H_SPEC_VERSION = "ce_specversion";
    public static final String H_ID = "ce_id";
    public static final String H_SOURCE = "ce_source";
    public static final String H_TYPE = "ce_type";
    public static final String H_TIME = "ce_time";
    public static final String H_SUBJECT = "ce_subject";
    public static final String H_TRACEPARENT = "ce_traceparent";
    public static final String H_TRACESTATE = "ce_tracestate";
    public static final String H_CONTENT_TYPE = "content-type";
    public static final String CONTENT_TYPE_JSON = "application/json";

    public CloudEventAttributes {
        requireText(id, H_ID);
        requireText(source, H_SOURCE);
        requireText(type, H_TYPE);
        Objects.requireNonNull(time, H_TIME);
        traceparent = traceparent == null || traceparent.isBlank() ? null : traceparent;
        tracestate = tracestate == null || tracestate.isBlank() ? null : tracestate;
    }

    /** An event without trace context. */
    public CloudEventAttributes(String id, String source, String type, Instant time, String subject) {
        this(id, source, type, time, subject, null, null);
    }

    /** The same event with the trace context of the span that publishes it. */
    public CloudEventAttributes withTrace(String traceparent, String tracestate) {
        return new CloudEventAttributes(id, source, type, time, subject, traceparent, tracestate);
    }

    /** A new event from {@code /clusters/<cluster>/<service>} with a random id. */
    public static CloudEventAttributes create(String type, String cluster, String service, String subject, Instant time) {
        return new CloudEventAttributes(UUID.randomUUID().toString(), source(cluster, service), type, time, subject);
    }

    public static String source(String cluster, String service) {
        return "/clusters/" + cluster + "/" + service;
    }

    /** The Kafka headers of this event, in a stable order. */
    public Map<String, byte[]> toHeaders() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(H_SPEC_VERSION, bytes(SPEC_VERSION));
        headers.put(H_ID, bytes(id));
        headers.put(H_SOURCE, bytes(source));
        headers.put(H_TYPE, bytes(type));
        headers.put(H_TIME, bytes(time.toString()));
        if (subject != null) {
            headers.put(H_SUBJECT, bytes(subject));
        }
        if (traceparent != null) {
            headers.put(H_TRACEPARENT, bytes(traceparent));
        }
        if (tracestate != null) {
            headers.put(H_TRACESTATE, bytes(tracestate));
        }
        headers.put(H_CONTENT_TYPE, bytes(CONTENT_TYPE_JSON));
        return headers;
    }

    /**
     * Reads the attributes back.
     *
     * @throws EventFormatException naming the missing or malformed header
     */
    public static CloudEventAttributes fromHeaders(Map<String, byte[]> headers) {
        String version = text(headers, H_SPEC_VERSION);
        if (!SPEC_VERSION.equals(version)) {
            throw new EventFormatException(
                    "header " + H_SPEC_VERSION + " is '" + version + "', expected '" + SPEC_VERSION + "'");
        }
        String time = text(headers, H_TIME);
        Instant parsed;
        try {
            parsed = Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new EventFormatException("header " + H_TIME + " is '" + time + "', expected an RFC 3339 timestamp");
        }
        return new CloudEventAttributes(text(headers, H_ID), text(headers, H_SOURCE), text(headers, H_TYPE), parsed,
                optional(headers, H_SUBJECT), optional(headers, H_TRACEPARENT), optional(headers, H_TRACESTATE));
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        if (value == null || value.length == 0) {
            throw new EventFormatException("header " + name + " is missing, expected a CloudEvents 1.0 binary-mode record");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    private static String optional(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new EventFormatException(name + " must not be empty");
        }
    }
}

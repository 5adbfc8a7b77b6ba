package io.l7mp.mcw.eventbus;

import java.util.function.Function;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventFormatException;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventKeys;

/** Parsers for the JSON events of docs/events.md. */
public final class EventParsers {
    private EventParsers() {
    }

    /**
     * A parser that checks the CloudEvents type, the JSON data and that the record key matches the
     * event (a record filed under another key would corrupt every consumer's view).
     *
     * @param keySegments how many '/'-separated segments a key has (2 for policies, 3 for exports)
     */
    public static <T> EventParser<T> json(Class<T> type, String ceType, int keySegments, Function<T, String> keyOf) {
        return (key, headers, value) -> {
            EventKeys.split(key, keySegments);
            if (value == null) {
                return null;
            }
            CloudEventAttributes attributes = CloudEventAttributes.fromHeaders(headers);
            if (!ceType.equals(attributes.type())) {
                throw new EventFormatException(
                        "header ce_type is '" + attributes.type() + "', expected '" + ceType + "'");
            }
            T event = EventJson.read(value, type);
            String expected = keyOf.apply(event);
            if (!expected.equals(key)) {
                throw new EventFormatException("record key '" + key + "' does not match the event, expected '"
                        + expected + "'");
            }
            return event;
        };
    }
}

package io.l7mp.mcw.eventbus;

import java.util.Map;

import io.l7mp.mcw.api.event.EventFormatException;

/** Turns a raw Kafka record into an event; throws {@link EventFormatException} saying what is wrong. */
@FunctionalInterface
public interface EventParser<T> {
    /**
     * @param value null for a tombstone, which the parser returns as a null event after checking the key
     */
    T parse(String key, Map<String, byte[]> headers, byte[] value);
}

package io.l7mp.mcw.eventbus;

/**
 * One record of an MCW topic after parsing.
 *
 * @param value the event, or null for a tombstone
 */
public record EventRecord<T>(String key, T value) {
    public boolean tombstone() {
        return value == null;
    }
}

package io.l7mp.mcw.eventbus;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record goes that could not be parsed. */
@FunctionalInterface
public interface DeadLetterSink {
    void deadLetter(ConsumerRecord<String, byte[]> record, String error);

    /** Told by each reader of {@code topic} when it is made: a sink that counts can start the count at 0. */
    default void reading(String topic) {
    }
}

package io.l7mp.mcw.eventbus;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Where a record goes that could not be parsed. */
@FunctionalInterface
public interface DeadLetterSink {
    void deadLetter(ConsumerRecord<String, byte[]> record, String error);
}

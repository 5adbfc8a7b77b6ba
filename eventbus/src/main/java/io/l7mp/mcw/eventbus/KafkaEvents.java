package io.l7mp.mcw.eventbus;

import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.api.event.EventJson;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Builds the messages services send through a SmallRye {@code Emitter<Record<String, byte[]>>}: the
 * key, the CloudEvents headers (binary mode) and the JSON data, or a tombstone (null value).
 */
public final class KafkaEvents {
    private KafkaEvents() {
    }

    public static Message<Record<String, byte[]>> event(String key, CloudEventAttributes attributes, Object data) {
        return message(key, attributes, data == null ? null : EventJson.write(data));
    }

    public static Message<Record<String, byte[]>> tombstone(String key, CloudEventAttributes attributes) {
        return message(key, attributes, null);
    }

    private static Message<Record<String, byte[]>> message(String key, CloudEventAttributes attributes, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, byte[]> h : attributes.toHeaders().entrySet()) {
            headers.add(h.getKey(), h.getValue());
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder().withKey(key)
                .withHeaders(headers).build();
        return Message.of(Record.of(key, value)).addMetadata(metadata);
    }
}

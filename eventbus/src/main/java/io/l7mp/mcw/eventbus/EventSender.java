package io.l7mp.mcw.eventbus;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.eventbus.tracing.EventObservability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Writes the events of one topic as CloudEvents in Kafka binary mode (DESIGN D3): the key, the {@code ce_*} headers
 * (source {@code /clusters/<cluster>/<service>}, the key as subject) and the JSON data, or a tombstone. Every send
 * completes its stage when the broker has the record, and exceptionally when it was refused, including when the
 * emitter itself refuses it (buffer full, channel down): a caller never has to guard the send. Each send is a PRODUCER
 * span whose trace context travels on the event ({@code ce_traceparent}; {@link EventObservability}).
 */
public final class EventSender {
    private static final Logger LOGGER = Logger.getLogger(EventSender.class);
    private final Emitter<Record<String, byte[]>> emitter;
    private final String topic;
    private final String ceType;
    private final String cluster;
    private final String service;
    private final Clock clock;
    private final Counter published;

    /**
     * @param topic the topic the emitter's channel writes to: the tag of {@code mcw_events_published_total}
     */
    public EventSender(Emitter<Record<String, byte[]>> emitter, String topic, String ceType, String cluster,
            String service, Clock clock, MeterRegistry registry) {
        this.emitter = emitter;
        this.topic = topic;
        this.ceType = ceType;
        this.cluster = cluster;
        this.service = service;
        this.clock = clock;
        this.published = Counter.builder("mcw_events_published_total")
                .description("Records written to Kafka and acknowledged by the broker, by topic").tag("topic", topic)
                .register(registry);
    }

    /** Sends {@code data} under {@code key}; a null {@code data} is a tombstone. */
    public CompletionStage<Void> send(String key, Object data) {
        CloudEventAttributes attributes = CloudEventAttributes.create(ceType, cluster, service, key, clock.instant());
        Span span = EventObservability.startPublish(topic, key, ceType, attributes.id());
        Map<String, String> trace = EventObservability.traceContext(span);
        attributes = attributes.withTrace(trace.get("traceparent"), trace.get("tracestate"));
        Message<Record<String, byte[]>> message = data == null ? KafkaEvents.tombstone(key, attributes)
                : KafkaEvents.event(key, attributes, data);
        CompletableFuture<Void> done = new CompletableFuture<>();
        // current while sending: what is logged now carries its trace and span ids (MDC traceId, spanId)
        try (Scope scope = span.makeCurrent()) {
            LOGGER.debugf("publishing %s key=%s to %s%s", ceType, key, topic, data == null ? " (tombstone)" : "");
            emitter.send(message.withAck(() -> {
                published.increment();
                span.end();
                done.complete(null);
                return CompletableFuture.completedFuture(null);
            }).withNack(failure -> {
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                span.end();
                done.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            }));
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            span.end();
            done.completeExceptionally(e);
        }
        return done;
    }
}

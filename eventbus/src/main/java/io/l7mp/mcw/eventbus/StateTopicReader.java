package io.l7mp.mcw.eventbus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.l7mp.mcw.api.event.CloudEventAttributes;
import io.l7mp.mcw.eventbus.tracing.EventObservability;

/**
 * A live view of a keyed topic (DESIGN D3): reads every partition from the beginning at start, without a consumer
 * group or committed offsets, and keeps the latest event per key.
 *
 * <p>
 * {@link #caughtUp()} completes once the view holds everything that was on the topic when the reader started, and
 * only then: until then the listener is not called, so that a restarting service never acts on a partial view (which
 * would delete and re-create state). After that, the listener is called on the reader thread with a snapshot after
 * every batch that changed the view. A record that cannot be parsed goes to the {@link DeadLetterSink} and leaves the
 * view untouched.
 *
 * <p>
 * Kafka errors never end the reader: a broker that is not up yet, a topic that does not exist yet, a request that
 * timed out, all are retried with a growing backoff (up to {@link #MAX_BACKOFF}). A reader that fails before it caught
 * up starts reading again from the beginning; one that fails later resumes where it was. While it has not caught up,
 * {@link #problem()} says why, for the service's readiness check.
 *
 * <p>
 * Every replica of a service reads the whole topic: state is small, and each replica needs all of it.
 */
public final class StateTopicReader<T> implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(StateTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** Called on the reader thread; must not block for long. */
    @FunctionalInterface
    public interface Listener<T> {
        void onChange(Map<String, T> view, Set<String> changedKeys);
    }

    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final EventParser<T> parser;
    private final DeadLetterSink deadLetters;
    private final Listener<T> listener;
    private final Map<String, T> view = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    /** Where to go on after a failure once caught up: the next offset of every partition. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String problem;
    private Thread thread;

    public StateTopicReader(Map<String, Object> kafkaConfig, String topic, String clientId, EventParser<T> parser,
            DeadLetterSink deadLetters, Listener<T> listener) {
        this.topic = topic;
        this.parser = parser;
        this.deadLetters = deadLetters;
        this.listener = listener;
        deadLetters.reading(topic);
        Map<String, Object> config = new HashMap<>(KafkaConfigs.client(kafkaConfig));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis());
        this.consumerConfig = config;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reader of " + topic + " already started");
        }
        running = true;
        problem = "not read yet";
        thread = new Thread(this::run, "mcw-state-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes once everything that was on the topic at start-up has been read; never completes exceptionally. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    public boolean isCaughtUp() {
        return caughtUp.isDone();
    }

    /** While not caught up: why (the last error, or what it waits for). Empty once caught up. */
    public Optional<String> problem() {
        return caughtUp.isDone() ? Optional.empty() : Optional.ofNullable(problem);
    }

    /** An immutable snapshot of the latest event per key. */
    public Map<String, T> view() {
        return Map.copyOf(view);
    }

    public String topic() {
        return topic;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (running) {
            try {
                read();
                return;
            } catch (WakeupException e) {
                return; // close() woke us up
            } catch (KafkaException | IllegalStateException e) {
                if (!running) {
                    return;
                }
                problem = "reading " + topic + " failed: " + e.getMessage();
                LOGGER.warnf("reader of topic %s: %s (%s); reading again in %d ms%s", topic, e.getMessage(),
                        e.getClass().getSimpleName(), backoff.toMillis(),
                        caughtUp.isDone() ? " from where it was" : " from the beginning");
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                // a bug, not Kafka: say so loudly, and keep the service's view alive rather than freeze it
                LOGGER.errorf(e, "reader of topic %s failed; reading again in %d ms", topic, MAX_BACKOFF.toMillis());
                problem = "reading " + topic + " failed: " + e;
                if (!pause(MAX_BACKOFF)) {
                    return;
                }
            }
        }
    }

    /** One consumer's life: returns when closed, throws on a Kafka error. */
    private void read() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            Map<TopicPartition, Long> end = null;
            if (caughtUp.isDone()) {
                partitions.forEach(p -> seek(c, p));
            } else {
                // a partial view from an earlier attempt is dropped: the listener has not seen it
                view.clear();
                c.seekToBeginning(partitions);
                end = c.endOffsets(partitions);
                LOGGER.infof("reading topic %s from the beginning: %d partitions, end offsets %s", topic,
                        partitions.size(), end.values());
            }
            while (running) {
                Set<String> changed = new LinkedHashSet<>();
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    apply(record, changed);
                    positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                }
                if (!caughtUp.isDone()) {
                    if (reached(c, end)) {
                        LOGGER.infof("topic %s caught up: %d keys", topic, view.size());
                        notifyListener(view.keySet());
                        caughtUp.complete(null);
                    }
                } else if (!changed.isEmpty()) {
                    notifyListener(changed);
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void seek(KafkaConsumer<String, byte[]> c, TopicPartition partition) {
        Long next = positions.get(partition);
        if (next == null) {
            c.seekToBeginning(List.of(partition));
        } else {
            c.seek(partition, next);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic, REQUEST_TIMEOUT);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            problem = "topic " + topic + " does not exist yet";
            LOGGER.infof("topic %s does not exist yet; waiting for it", topic);
            if (!pause(Duration.ofSeconds(1))) {
                return List.of();
            }
        }
        return List.of();
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record, Set<String> changed) {
        T event;
        try {
            event = parser.parse(record.key(), headers(record), record.value());
        } catch (RuntimeException e) {
            deadLetters.deadLetter(record, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        if (caughtUp.isDone()) {
            received(record);
        }
        if (event == null) {
            if (view.remove(record.key()) != null) {
                changed.add(record.key());
            }
        } else if (!Objects.equals(view.put(record.key(), event), event)) {
            changed.add(record.key());
        }
    }

    /**
     * A record read after the catch-up (a live event, not the replay of a restart): its receive lag and CONSUMER span
     * ({@link EventObservability}).
     */
    private void received(ConsumerRecord<String, byte[]> record) {
        Header time = record.headers().lastHeader(CloudEventAttributes.H_TIME);
        Header traceparent = record.headers().lastHeader(CloudEventAttributes.H_TRACEPARENT);
        Header tracestate = record.headers().lastHeader(CloudEventAttributes.H_TRACESTATE);
        Instant eventTime = null;
        try {
            eventTime = time == null ? null : Instant.parse(new String(time.value(), StandardCharsets.UTF_8));
        } catch (java.time.format.DateTimeParseException e) {
            // the parser accepted it or dead-lettered it; no lag for it
        }
        EventObservability.received(topic, record.key(), eventTime, text(traceparent), text(tracestate),
                Instant.now());
    }

    private static String text(Header header) {
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void notifyListener(Set<String> changed) {
        try {
            listener.onChange(Map.copyOf(view), Set.copyOf(changed));
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "listener of topic %s failed", topic);
        }
    }

    private static Map<String, byte[]> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        return headers;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

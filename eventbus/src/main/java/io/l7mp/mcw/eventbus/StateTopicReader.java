package io.l7mp.mcw.eventbus;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A live view of a compacted state topic (DESIGN D3): reads every partition from the beginning at
 * start, without a consumer group or committed offsets, and keeps the latest event per key.
 *
 * <p>
 * {@link #caughtUp()} completes once the view holds everything that was on the topic when the
 * reader started; until then the listener is not called, so that a restarting service never acts
 * on a partial view (which would delete and re-create state). After that, the listener is called
 * on the reader thread with a snapshot after every batch that changed the view. A record that
 * cannot be parsed goes to the {@link DeadLetterSink} and leaves the view untouched.
 *
 * <p>
 * Every replica of a service reads the whole topic: state is small, and each replica needs all of it.
 */
public final class StateTopicReader<T> implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(StateTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);

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
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public StateTopicReader(Map<String, Object> kafkaConfig, String topic, String clientId, EventParser<T> parser,
            DeadLetterSink deadLetters, Listener<T> listener) {
        this.topic = topic;
        this.parser = parser;
        this.deadLetters = deadLetters;
        this.listener = listener;
        Map<String, Object> config = new HashMap<>(KafkaConfigs.client(kafkaConfig));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig = config;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("reader of " + topic + " already started");
        }
        running = true;
        thread = new Thread(this::run, "mcw-state-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes once everything that was on the topic at start-up has been read. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    public boolean isCaughtUp() {
        return caughtUp.isDone();
    }

    /** An immutable snapshot of the latest event per key. */
    public Map<String, T> view() {
        return Map.copyOf(view);
    }

    public String topic() {
        return topic;
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = awaitPartitions(c);
            if (partitions.isEmpty()) {
                return;
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            LOGGER.infof("reading state topic %s from the beginning: %d partitions, end offsets %s", topic,
                    partitions.size(), end.values());
            while (running) {
                Set<String> changed = new LinkedHashSet<>();
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    apply(record, changed);
                }
                if (!caughtUp.isDone()) {
                    if (reached(c, end)) {
                        LOGGER.infof("state topic %s caught up: %d keys", topic, view.size());
                        notifyListener(view.keySet());
                        caughtUp.complete(null);
                    }
                } else if (!changed.isEmpty()) {
                    notifyListener(changed);
                }
            }
        } catch (WakeupException e) {
            // close() woke us up
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "reader of state topic %s stopped", topic);
            caughtUp.completeExceptionally(e);
        }
    }

    private List<TopicPartition> awaitPartitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            LOGGER.infof("state topic %s does not exist yet; waiting for it", topic);
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
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
        if (event == null) {
            if (view.remove(record.key()) != null) {
                changed.add(record.key());
            }
        } else if (!Objects.equals(view.put(record.key(), event), event)) {
            changed.add(record.key());
        }
    }

    private void notifyListener(Set<String> changed) {
        try {
            listener.onChange(Map.copyOf(view), Set.copyOf(changed));
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "listener of state topic %s failed", topic);
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
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

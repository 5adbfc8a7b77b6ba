package io.l7mp.mcw.eventbus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the topics a service needs when they do not exist yet; leaves existing ones alone. */
public final class TopicAdmin {
    private static final Logger LOGGER = Logger.getLogger(TopicAdmin.class);

    private TopicAdmin() {
    }

    /**
     * Creates the topics in the background, retrying with a growing backoff (up to 5 s) while the broker cannot be
     * reached or refuses; the future completes once every topic exists and never fails. Services start without
     * waiting for it: their topic readers wait for the topics, and their readiness for the readers.
     */
    public static CompletableFuture<Void> ensureInBackground(Map<String, Object> kafkaConfig, List<TopicSpec> topics,
            int replicationFactor) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            long backoff = 200;
            while (!done.isDone()) {
                try {
                    ensure(kafkaConfig, topics, replicationFactor, 10);
                    done.complete(null);
                } catch (RuntimeException e) {
                    LOGGER.warnf("cannot create topics yet (%s); trying again in %d ms", e.getMessage(), backoff);
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    backoff = Math.min(backoff * 2, 5_000);
                }
            }
        }, "mcw-topic-setup");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /** Creates the topics that do not exist yet; blocks until the broker answered, fails after 30 s. */
    public static void ensure(Map<String, Object> kafkaConfig, List<TopicSpec> topics, int replicationFactor) {
        ensure(kafkaConfig, topics, replicationFactor, 30);
    }

    private static void ensure(Map<String, Object> kafkaConfig, List<TopicSpec> topics, int replicationFactor,
            int timeoutSeconds) {
        try (Admin admin = Admin.create(KafkaConfigs.client(kafkaConfig))) {
            for (TopicSpec spec : topics) {
                NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()),
                        Optional.of((short) replicationFactor)).configs(spec.configs());
                try {
                    admin.createTopics(List.of(topic)).all().get(timeoutSeconds, TimeUnit.SECONDS);
                    LOGGER.infof("created topic %s (%s, %d partitions)", spec.name(),
                            spec.compacted() ? "compacted" : "retention " + spec.retention(), spec.partitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + spec.name() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeoutSeconds + " s while creating topics "
                    + topics.stream().map(TopicSpec::name).toList(), e);
        }
    }
}

package io.l7mp.mcw.eventbus;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public static void ensure(Map<String, Object> kafkaConfig, List<TopicSpec> topics, int replicationFactor) {
        try (Admin admin = Admin.create(KafkaConfigs.client(kafkaConfig))) {
            for (TopicSpec spec : topics) {
                NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()),
                        Optional.of((short) replicationFactor)).configs(spec.configs());
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
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
            throw new IllegalStateException("Kafka did not answer within 30 s while creating topics " + topics, e);
        }
    }
}

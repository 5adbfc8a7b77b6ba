package io.l7mp.mcw.policy.config;

import io.l7mp.mcw.api.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Kafka topic names (DESIGN D3). The same keys in every service, so that one setting renames a topic
 * for the whole clusterset; this service only uses policies and dead-letter.
 */
@ConfigMapping(prefix = "mcw.topics")
public interface TopicsConfig {
    @WithDefault(Topics.POLICIES)
    String policies();

    @WithDefault(Topics.EXPORTS)
    String exports();

    @WithDefault(Topics.IMPORTS)
    String imports();

    @WithDefault(Topics.DEAD_LETTER)
    String deadLetter();

    /** Replication factor of topics this service creates when they do not exist. */
    @WithDefault("1")
    int replicationFactor();
}

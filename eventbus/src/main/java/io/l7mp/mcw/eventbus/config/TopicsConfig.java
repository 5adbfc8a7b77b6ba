package io.l7mp.mcw.eventbus.config;

import io.l7mp.mcw.api.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Kafka topic names (DESIGN D3). Declared once for every service, so that one setting renames a topic
 * for the whole clusterset.
 */
@ConfigMapping(prefix = "mcw.topics")
public interface TopicsConfig {
    @WithDefault(Topics.POLICIES)
    String policies();

    @WithDefault(Topics.EXPORTS)
    String exports();

    @WithDefault(Topics.IMPORTS)
    String imports();

    @WithDefault(Topics.TUNNEL_HEALTH)
    String tunnelHealth();

    @WithDefault(Topics.GATEWAY_EVENTS)
    String gatewayEvents();

    @WithDefault(Topics.DEAD_LETTER)
    String deadLetter();

    /** Replication factor of the topics a service creates when they are missing (existing ones are left alone). */
    @WithDefault("1")
    int replicationFactor();
}

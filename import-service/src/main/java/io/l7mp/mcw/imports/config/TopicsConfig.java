package io.l7mp.mcw.imports.config;

import io.l7mp.mcw.api.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Names of the event-bus topics (DESIGN D3). */
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

    /** Replication factor of the topics this service creates when they do not exist. */
    @WithDefault("1")
    int replicationFactor();
}

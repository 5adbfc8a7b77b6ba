package io.l7mp.mcw.export.config;

import io.l7mp.mcw.api.event.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Names of the event-bus topics (DESIGN D3); a prefix can be set per clusterset. */
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

    /** Replication factor of the topics this service creates when they are missing. */
    @WithDefault("1")
    int replicationFactor();
}

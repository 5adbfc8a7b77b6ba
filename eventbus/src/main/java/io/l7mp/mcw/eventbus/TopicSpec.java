package io.l7mp.mcw.eventbus;

import java.time.Duration;
import java.util.Map;

/** How an MCW topic is created: compacted state topics, or short-retention streams (DESIGN D3). */
public record TopicSpec(String name, int partitions, boolean compacted, Duration retention) {
    public static TopicSpec state(String name) {
        return new TopicSpec(name, 3, true, null);
    }

    /** {@code mcw.tunnel-health.v1}: health reports, republished every few seconds, so minutes of them suffice. */
    public static TopicSpec tunnelHealth(String name) {
        return stream(name, Duration.ofMinutes(15));
    }

    /** {@code mcw.gateway-events.v1}: switches and applied route tables; each event carries the whole tunnel choice. */
    public static TopicSpec gatewayEvents(String name) {
        return stream(name, Duration.ofDays(7));
    }

    public static TopicSpec stream(String name, Duration retention) {
        return new TopicSpec(name, 3, false, retention);
    }

    Map<String, String> configs() {
        if (compacted) {
            return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "segment.ms", "600000");
        }
        return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
    }
}

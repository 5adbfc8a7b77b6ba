package io.l7mp.mcw.policy.domain;

import java.util.Objects;

import io.l7mp.mcw.api.event.PolicyEvent;

/** One record to write to the policies topic so that it holds the desired events. */
public sealed interface PolicyChange permits PolicyChange.Publish, PolicyChange.Tombstone {

    String key();

    /** The policy is accepted and the topic does not hold this exact event yet. */
    record Publish(PolicyEvent event) implements PolicyChange {
        public Publish {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String key() {
            return event.key();
        }
    }

    /** The topic holds an event of this cluster for a policy that is deleted or no longer accepted. */
    record Tombstone(String key) implements PolicyChange {
        public Tombstone {
            Objects.requireNonNull(key, "key");
        }
    }
}

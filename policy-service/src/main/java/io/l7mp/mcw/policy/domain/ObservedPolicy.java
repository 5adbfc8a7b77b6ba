package io.l7mp.mcw.policy.domain;

import java.util.Objects;

/** A WANPolicy as read from the API: its definition and the status it currently shows. */
public record ObservedPolicy(PolicyDefinition definition, PolicyStatus status) {
    public ObservedPolicy {
        Objects.requireNonNull(definition, "definition");
        status = status == null ? PolicyStatus.NONE : status;
    }
}

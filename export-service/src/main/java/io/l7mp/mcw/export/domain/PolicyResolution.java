package io.l7mp.mcw.export.domain;

import io.l7mp.mcw.api.event.PolicyEvent;

/** How the WAN policy of one export was resolved in this cluster. */
public sealed interface PolicyResolution {

    /** The policy is accepted in this cluster (its event is on the policies topic). */
    record Resolved(PolicyEvent policy) implements PolicyResolution {
    }

    /** No annotation and no default policy configured. */
    record NotSpecified() implements PolicyResolution {
    }

    /** No WANPolicy of that name exists in this cluster. */
    record NotFound(String name) implements PolicyResolution {
    }

    /**
     * The WANPolicy exists but is not accepted (invalid, or not yet published).
     *
     * @param detail the WANPolicy's own Accepted message, or why it is not on the topic yet
     */
    record NotAccepted(String name, String detail) implements PolicyResolution {
    }
}

package io.l7mp.mcw.export.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * A WANPolicy custom resource of this cluster. Only used to tell a policy that does not exist from
 * one that exists but was not accepted; the accepted content comes from the policy events.
 *
 * @param acceptedMessage the message of its {@code Accepted} condition, empty when it has none yet
 */
public record LocalPolicy(String name, boolean accepted, Optional<String> acceptedMessage) {
    public LocalPolicy {
        Objects.requireNonNull(name, "name");
        acceptedMessage = acceptedMessage == null ? Optional.empty() : acceptedMessage;
    }
}

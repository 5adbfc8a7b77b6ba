package io.l7mp.mcw.policy.domain;

import java.util.Objects;

/**
 * One thing wrong with a WANPolicy.
 *
 * @param message names the field, the bad value and what was expected, e.g. {@code spec.port is 70000, expected 1-65535}
 */
public record Problem(Reason reason, String message) {
    public Problem {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (reason == Reason.VALID) {
            throw new IllegalArgumentException("a problem cannot have reason " + Reason.VALID);
        }
    }
}

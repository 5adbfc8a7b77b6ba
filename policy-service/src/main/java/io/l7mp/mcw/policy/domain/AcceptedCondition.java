package io.l7mp.mcw.policy.domain;

import java.time.Instant;

/**
 * The {@code Accepted} condition of a WANPolicy, without fabric8 types.
 *
 * @param status "True" or "False" (or whatever another writer left, e.g. "Unknown")
 * @param observedGeneration null when the policy has no metadata.generation
 */
public record AcceptedCondition(String status, String reason, String message, Long observedGeneration,
        Instant lastTransitionTime) {
    public static final String TYPE = "Accepted";
}

package io.l7mp.mcw.policy.domain;

/**
 * The part of a WANPolicy's status that the policy-service owns.
 *
 * @param observedGeneration null when the policy has none
 * @param accepted null when the policy has no {@code Accepted} condition yet
 */
public record PolicyStatus(Long observedGeneration, AcceptedCondition accepted) {
    public static final PolicyStatus NONE = new PolicyStatus(null, null);
}

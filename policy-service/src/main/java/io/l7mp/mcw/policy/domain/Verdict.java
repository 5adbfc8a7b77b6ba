package io.l7mp.mcw.policy.domain;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The outcome of validating one WANPolicy against itself and every other policy of the cluster. */
public sealed interface Verdict permits Verdict.Accepted, Verdict.Rejected {

    PolicyDefinition policy();

    Reason reason();

    /** The text of the {@code Accepted} condition and of the log line. */
    String message();

    default boolean accepted() {
        return this instanceof Accepted;
    }

    /** The policy is valid and holds its port for its tunnel. */
    record Accepted(PolicyDefinition policy) implements Verdict {
        public Accepted {
            Objects.requireNonNull(policy, "policy");
        }

        @Override
        public Reason reason() {
            return Reason.VALID;
        }

        @Override
        public String message() {
            return "tunnel " + policy.tunnel() + " on port " + policy.port() + " is accepted";
        }
    }

    /**
     * The policy cannot be used.
     *
     * @param problems every problem found, in {@link Reason} order; the first one gives the reason
     */
    record Rejected(PolicyDefinition policy, List<Problem> problems) implements Verdict {
        public Rejected {
            Objects.requireNonNull(policy, "policy");
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("a rejected policy needs at least one problem");
            }
        }

        @Override
        public Reason reason() {
            return problems.get(0).reason();
        }

        @Override
        public String message() {
            return problems.stream().map(Problem::message).collect(Collectors.joining("; "));
        }
    }
}

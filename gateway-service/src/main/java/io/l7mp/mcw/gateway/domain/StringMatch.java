package io.l7mp.mcw.gateway.domain;

import java.util.regex.Pattern;

/** How a rule matches a header or query parameter value. */
public sealed interface StringMatch {
    /** @param value the request's value; null when the header or parameter is absent */
    boolean matches(String value);

    record Exact(String value) implements StringMatch {
        @Override
        public boolean matches(String actual) {
            return value.equals(actual);
        }
    }

    /** Istio only ({@code headers: {x: {prefix: ...}}}). */
    record Prefix(String value) implements StringMatch {
        @Override
        public boolean matches(String actual) {
            return actual != null && actual.startsWith(value);
        }
    }

    /** The whole value matches (RE2-style full match). */
    record Regex(String regex, Pattern pattern) implements StringMatch {
        public Regex(String regex) {
            this(regex, PathMatch.compile(regex));
        }

        @Override
        public boolean matches(String actual) {
            return actual != null && pattern.matcher(actual).matches();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Regex r && r.regex.equals(regex);
        }

        @Override
        public int hashCode() {
            return regex.hashCode();
        }

        @Override
        public String toString() {
            return "Regex[" + regex + "]";
        }
    }

    /** The header is present, whatever its value (Istio's empty match {@code x-canary: {}}). */
    record Present() implements StringMatch {
        @Override
        public boolean matches(String actual) {
            return actual != null;
        }
    }
}

package io.l7mp.mcw.gateway.domain;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a rule matches the request path (without the query string). Istio's {@code uri.prefix} and Gateway API's
 * {@code PathPrefix} are different matchers, kept apart so that each behaves as its own specification says.
 */
public sealed interface PathMatch {
    boolean matches(String path);

    /** The path is exactly {@code value} (Istio {@code uri.exact}, Gateway API {@code Exact}). */
    record Exact(String value) implements PathMatch {
        @Override
        public boolean matches(String path) {
            return value.equals(path);
        }
    }

    /**
     * Istio {@code uri.prefix}: a plain string prefix, as Envoy's route {@code prefix}: {@code /payment} matches
     * {@code /payment}, {@code /payment/x} and also {@code /paymentx}.
     */
    record Prefix(String value) implements PathMatch {
        @Override
        public boolean matches(String path) {
            return path.startsWith(value);
        }
    }

    /**
     * Gateway API {@code PathPrefix}: matches element by element on {@code /}, a trailing {@code /} of the value is
     * ignored: {@code /payment} matches {@code /payment}, {@code /payment/} and {@code /payment/x}, not
     * {@code /paymentx}.
     */
    record SegmentPrefix(String value) implements PathMatch {
        public SegmentPrefix {
            value = value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }

        @Override
        public boolean matches(String path) {
            if ("/".equals(value)) {
                return path.startsWith("/");
            }
            return path.equals(value) || path.startsWith(value + "/");
        }
    }

    /**
     * The whole path matches the regular expression (Istio {@code uri.regex} and Gateway API
     * {@code RegularExpression}, both full matches). Java syntax, which agrees with RE2 on the usual constructs.
     */
    record Regex(String regex, Pattern pattern) implements PathMatch {
        public Regex(String regex) {
            this(regex, compile(regex));
        }

        @Override
        public boolean matches(String path) {
            return pattern.matcher(path).matches();
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

    /** Compiles a rule's regular expression; the exception message is fit for a refusal reason. */
    static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + regex + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }
}

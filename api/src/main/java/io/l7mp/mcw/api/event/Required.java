package io.l7mp.mcw.api.event;

import java.util.List;

/** Field checks for event records; the message names the event, the field and what was expected. */
final class Required {
    private Required() {
    }

    static String text(String value, String event, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(event + "." + field + " is missing, expected a non-empty string");
        }
        return value;
    }

    static int port(int value, String event, String field) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(event + "." + field + " is " + value + ", expected 1-65535");
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    static <T> T nonNull(T value, String event, String field) {
        if (value == null) {
            throw new IllegalArgumentException(event + "." + field + " is missing");
        }
        return value;
    }
}

package io.l7mp.mcw.testkit.wan;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;

/**
 * A partial change of a path's settings, as the HTTP API's {@code PUT /paths/...} body gives it: only the fields
 * present change. Parsing checks every field, so a bad body is refused before anything changes.
 *
 * @param delay null if absent, like every other field
 */
record PathUpdate(Duration delay, Duration jitter, Double lossPercent, Long bandwidthBytesPerSecond,
        Duration retransmitDelay, Cut cut) {

    static final List<String> FIELDS = List.of("delayMs", "jitterMs", "lossPercent", "bandwidthBytesPerSecond",
            "retransmitDelayMs", "cut");
    private static final long MAX_MILLIS = PathSettings.MAX_DELAY.toMillis();

    /** Fails with {@link IllegalArgumentException} naming the field, the bad value and what was expected. */
    static PathUpdate parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("The body must be a JSON object with some of the fields " + FIELDS
                    + ", got " + (body == null ? "nothing" : body.toString()));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("Unknown field '" + name + "', expected some of " + FIELDS);
            }
        }
        return new PathUpdate(millis(body, "delayMs"), millis(body, "jitterMs"), lossPercent(body),
                bandwidth(body), millis(body, "retransmitDelayMs"), cut(body));
    }

    /** The change to apply to each selected path, in one atomic update per path. */
    UnaryOperator<PathSettings> change() {
        return settings -> {
            PathSettings next = settings;
            next = delay == null ? next : next.withDelay(delay);
            next = jitter == null ? next : next.withJitter(jitter);
            next = lossPercent == null ? next : next.withLossPercent(lossPercent);
            next = bandwidthBytesPerSecond == null ? next : next.withBandwidth(bandwidthBytesPerSecond);
            next = retransmitDelay == null ? next : next.withRetransmitDelay(retransmitDelay);
            return cut == null ? next : next.withCut(cut);
        };
    }

    private static Duration millis(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null) {
            return null;
        }
        if (!isWholeNumber(node) || node.asDouble() < 0 || node.asDouble() > MAX_MILLIS) {
            throw bad(field, node, "a whole number of milliseconds from 0 to " + MAX_MILLIS);
        }
        return Duration.ofMillis(node.asLong());
    }

    private static Double lossPercent(JsonNode body) {
        JsonNode node = body.get("lossPercent");
        if (node == null) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 100) {
            throw bad("lossPercent", node, "a number from 0 to 100");
        }
        return node.asDouble();
    }

    private static Long bandwidth(JsonNode body) {
        JsonNode node = body.get("bandwidthBytesPerSecond");
        if (node == null) {
            return null;
        }
        if (!isWholeNumber(node) || !node.canConvertToLong() || node.asLong() < 0) {
            throw bad("bandwidthBytesPerSecond", node, "a whole number of bytes per second, 0 for unlimited");
        }
        return node.asLong();
    }

    private static Cut cut(JsonNode body) {
        JsonNode node = body.get("cut");
        if (node == null) {
            return null;
        }
        Map<String, Cut> cuts = Map.of("none", Cut.NONE, "blackhole", Cut.BLACKHOLE, "reset", Cut.RESET);
        Cut cut = node.isTextual() ? cuts.get(node.asText().toLowerCase(Locale.ROOT)) : null;
        if (cut == null) {
            throw bad("cut", node, "one of \"blackhole\", \"reset\", \"none\"");
        }
        return cut;
    }

    private static boolean isWholeNumber(JsonNode node) {
        return node.isIntegralNumber() || (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()));
    }

    private static IllegalArgumentException bad(String field, JsonNode value, String expected) {
        return new IllegalArgumentException("Field '" + field + "': got " + value + ", expected " + expected);
    }
}

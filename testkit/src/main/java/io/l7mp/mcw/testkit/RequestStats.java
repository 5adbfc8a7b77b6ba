package io.l7mp.mcw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an API server stand-in has spent on the requests it served, from its start or its last reset: per verb
 * ({@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch}, {@code delete},
 * {@code deletecollection}) and kind (e.g. {@code services}, {@code wanpolicies.mcw.l7mp.io}, {@code services/status};
 * {@code nonresource} for discovery and OpenAPI documents), the number of requests and the total and longest time
 * between the request reaching the stand-in and its answer being ready. The time of writing answers to the socket
 * is not included, nor what a watch sends after it is set up. Served as JSON at {@link #PATH}.
 *
 * @param objects how many objects the stand-in held when the snapshot was taken
 * @param requests one timer per verb and kind, sorted by verb then kind
 */
public record RequestStats(long objects, List<Timer> requests) {

    /** Where a stand-in serves its stats: GET reads them, DELETE reads and resets them. */
    public static final String PATH = "/mcw-testkit/stats";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RequestStats {
        requests = requests.stream()
                .sorted(Comparator.comparing(Timer::verb).thenComparing(Timer::kind))
                .toList();
    }

    /**
     * The requests of one verb and kind.
     *
     * @param totalNanos the sum of their times
     * @param maxNanos the longest of their times
     */
    public record Timer(String verb, String kind, long count, long totalNanos, long maxNanos) {

        public Timer {
            Objects.requireNonNull(verb, "verb");
            Objects.requireNonNull(kind, "kind");
        }

        /** The mean time of a request in nanoseconds; 0 without requests. */
        @JsonIgnore
        public double meanNanos() {
            return count == 0 ? 0 : (double) totalNanos / count;
        }
    }

    /** The timer of {@code verb} and {@code kind}, if such a request was served. */
    public Optional<Timer> timer(String verb, String kind) {
        return requests.stream().filter(t -> t.verb().equals(verb) && t.kind().equals(kind)).findFirst();
    }

    /** The number of requests served, of any verb and kind. */
    @JsonIgnore
    public long count() {
        return requests.stream().mapToLong(Timer::count).sum();
    }

    /** The time spent on all requests, in nanoseconds. */
    @JsonIgnore
    public long totalNanos() {
        return requests.stream().mapToLong(Timer::totalNanos).sum();
    }

    /** {@code {"objects":N,"requests":[{"verb":"get","kind":"services","count":1,"totalNanos":9,"maxNanos":9}]}} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write request stats as JSON", e);
        }
    }

    /** The stats {@link #toJson()} wrote. */
    public static RequestStats fromJson(String json) {
        try {
            return JSON.readValue(json, RequestStats.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Not the JSON of API server request stats: " + json, e);
        }
    }
}

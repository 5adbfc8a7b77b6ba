package io.l7mp.mcw.sandbox.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The requests of a run that took longer than a threshold, and when and on which connection each was due: enough to
 * tell a stall of the whole path (every connection slow at once, as a pause of a process would make it) from a few
 * connections held up (a lost segment, a connection stuck in a pool). Confined to the load generator's event loop.
 */
final class SlowRequests {
    /** Slow requests due less than this apart belong to the same burst. */
    static final long BURST_GAP_NANOS = 100_000_000L;

    private final long thresholdMicros;
    private final List<Slow> slow = new ArrayList<>();

    /** One slow request: when it was due (from the start of the measured part of the run), its latency, its connection. */
    record Slow(long dueNanos, long latencyMicros, int connection) {
    }

    /**
     * Slow requests due close together.
     *
     * @param connections how many different connections carried them
     */
    record Burst(long fromNanos, long toNanos, int requests, int connections, long maxLatencyMicros) {
        String describe() {
            return String.format(Locale.ROOT, "%.2f-%.2f s: %d requests on %d connection%s, max %.1f ms",
                    fromNanos / 1e9, toNanos / 1e9, requests, connections, connections == 1 ? "" : "s",
                    maxLatencyMicros / 1000.0);
        }
    }

    SlowRequests(long thresholdMicros) {
        if (thresholdMicros <= 0) {
            throw new IllegalArgumentException("the slow-request threshold must be positive, got " + thresholdMicros);
        }
        this.thresholdMicros = thresholdMicros;
    }

    /** Keeps the request if it was slower than the threshold. */
    void record(long dueNanos, long latencyMicros, int connection) {
        if (latencyMicros > thresholdMicros) {
            slow.add(new Slow(dueNanos, latencyMicros, connection));
        }
    }

    int count() {
        return slow.size();
    }

    /** The slow requests grouped into bursts (due less than {@link #BURST_GAP_NANOS} apart), in time order. */
    List<Burst> bursts() {
        List<Slow> byTime = new ArrayList<>(slow);
        byTime.sort(Comparator.comparingLong(Slow::dueNanos));
        List<Burst> bursts = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= byTime.size(); i++) {
            if (i == byTime.size() || byTime.get(i).dueNanos() - byTime.get(i - 1).dueNanos() >= BURST_GAP_NANOS) {
                bursts.add(burst(byTime.subList(start, i)));
                start = i;
            }
        }
        return bursts;
    }

    private static Burst burst(List<Slow> requests) {
        Set<Integer> connections = new HashSet<>();
        long max = 0;
        for (Slow s : requests) {
            connections.add(s.connection());
            max = Math.max(max, s.latencyMicros());
        }
        return new Burst(requests.get(0).dueNanos(), requests.get(requests.size() - 1).dueNanos(), requests.size(),
                connections.size(), max);
    }

    /** One line for the run's log: how many, and the largest bursts (most requests first). */
    String summary(int maxBursts) {
        if (slow.isEmpty()) {
            return String.format(Locale.ROOT, "no request over %.1f ms", thresholdMicros / 1000.0);
        }
        List<Burst> bursts = bursts();
        List<Burst> largest = new ArrayList<>(bursts);
        largest.sort(Comparator.comparingInt(Burst::requests).reversed());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d requests over %.1f ms in %d burst%s",
                slow.size(), thresholdMicros / 1000.0, bursts.size(), bursts.size() == 1 ? "" : "s"));
        largest.stream().limit(maxBursts).forEach(b -> text.append("; ").append(b.describe()));
        return text.toString();
    }
}

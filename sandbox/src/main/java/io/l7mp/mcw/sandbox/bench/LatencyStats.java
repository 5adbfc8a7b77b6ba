package io.l7mp.mcw.sandbox.bench;

import java.util.Arrays;
import java.util.Map;

/**
 * Percentiles (nearest rank) of the latencies of the items that arrived; items that never arrived are not counted
 * and show as {@code count} below the number created.
 *
 * @param sortedMs latencies in milliseconds, ascending
 */
record LatencyStats(double[] sortedMs) {

    static LatencyStats of(Map<String, Long> startNanos, Map<String, Long> arrivalNanos) {
        double[] latencies = startNanos.entrySet().stream()
                .filter(e -> arrivalNanos.containsKey(e.getKey()))
                .mapToDouble(e -> (arrivalNanos.get(e.getKey()) - e.getValue()) / 1e6)
                .sorted()
                .toArray();
        return new LatencyStats(latencies);
    }

    int count() {
        return sortedMs.length;
    }

    double p50Ms() {
        return percentile(50);
    }

    double p99Ms() {
        return percentile(99);
    }

    double maxMs() {
        return sortedMs.length == 0 ? Double.NaN : sortedMs[sortedMs.length - 1];
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    double percentile(double p) {
        if (sortedMs.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedMs.length);
        return sortedMs[Math.max(0, Math.min(sortedMs.length, rank) - 1)];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LatencyStats s && Arrays.equals(sortedMs, s.sortedMs);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sortedMs);
    }

    @Override
    public String toString() {
        return "LatencyStats" + Arrays.toString(sortedMs);
    }
}

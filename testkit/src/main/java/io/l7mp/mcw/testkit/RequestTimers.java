package io.l7mp.mcw.testkit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Count, total and maximum time of the requests of each verb and kind, recorded by every request thread without a
 * lock and read as a {@link RequestStats} snapshot. Nothing is logged.
 */
final class RequestTimers {

    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private record Key(String verb, String kind) {
    }

    private static final class Timer {
        private final LongAdder count = new LongAdder();
        private final LongAdder total = new LongAdder();
        private final AtomicLong max = new AtomicLong();

        void record(long nanos) {
            count.increment();
            total.add(nanos);
            long seen = max.get();
            while (nanos > seen && !max.compareAndSet(seen, nanos)) {
                seen = max.get();
            }
        }
    }

    void record(String verb, String kind, long nanos) {
        timers.computeIfAbsent(new Key(verb, kind), k -> new Timer()).record(nanos);
    }

    RequestStats snapshot(long objects) {
        List<RequestStats.Timer> snapshot = timers.entrySet().stream()
                .map(e -> new RequestStats.Timer(e.getKey().verb(), e.getKey().kind(), e.getValue().count.sum(),
                        e.getValue().total.sum(), e.getValue().max.get()))
                .filter(t -> t.count() > 0)
                .toList();
        return new RequestStats(objects, snapshot);
    }

    /** Forgets what was recorded; requests under way while this runs may be counted on either side. */
    void reset() {
        timers.clear();
    }
}

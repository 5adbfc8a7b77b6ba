package io.l7mp.mcw.eventbus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Writes that a reconcile pass starts and does not wait for (DESIGN D11): a pass publishes its events first, hands its
 * API writes (statuses, say) to this, and ends, so that the next change is published without queueing behind the
 * writes of the last one. At most {@code concurrency} writes run at once, and at most one per key: a pass that wants a
 * key written while its write is still running skips it, and the loop is triggered again when that write ends, so the
 * skipped desire is written from the state as it then is. A write that fails is reported and the loop asked to retry.
 */
public final class KeyedWrites implements AutoCloseable {
    private final ExecutorService writers;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final Runnable trigger;
    private final Runnable retry;
    private final BiConsumer<String, RuntimeException> failed;

    /**
     * @param name names the writer threads: {@code mcw-<name>-writer-<n>}
     * @param trigger asks for a pass: a skipped key's write ended
     * @param retry asks for a pass after the retry delay: a write failed
     * @param failed logs a failed write (its key, the failure); called before {@code retry}
     */
    public KeyedWrites(String name, int concurrency, Runnable trigger, Runnable retry,
            BiConsumer<String, RuntimeException> failed) {
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "mcw-" + name + "-writer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.trigger = trigger;
        this.retry = retry;
        this.failed = failed;
    }

    /**
     * Starts {@code write} for {@code key} unless a write of that key is running.
     *
     * @return true when started, false when skipped (a pass follows the running write's end)
     */
    public boolean submit(String key, Runnable write) {
        if (!inFlight.add(key)) {
            skipped.add(key);
            return false;
        }
        try {
            writers.execute(() -> run(key, write));
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.remove(key); // closed meanwhile
            return false;
        }
    }

    /** The keys being written now. */
    public Set<String> inFlight() {
        return Set.copyOf(inFlight);
    }

    private void run(String key, Runnable write) {
        RuntimeException failure = null;
        try {
            write.run();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            inFlight.remove(key);
        }
        if (failure != null) {
            skipped.remove(key);
            failed.accept(key, failure);
            retry.run();
        } else if (skipped.remove(key)) {
            trigger.run();
        }
    }

    @Override
    public void close() {
        writers.shutdownNow();
    }
}

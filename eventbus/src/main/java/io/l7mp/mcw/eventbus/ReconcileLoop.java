package io.l7mp.mcw.eventbus;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

/**
 * The level-triggered loop every MCW service runs (docs/architecture.md): a pass reads the whole current state of its
 * inputs, computes what it wants, and makes it so. Passes run on one thread, one at a time. Triggers (informer events,
 * topic changes, the periodic resync, retries) coalesce: however many arrive while a pass is queued, one pass runs, and
 * it reads the latest state of everything.
 * <p>
 * A pass that fails (throws, or says {@link Outcome#RETRY}) runs again after {@code retry-delay}; every
 * {@code resync-period} a pass runs without any trigger, to repair drift that no event reported.
 */
public final class ReconcileLoop implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ReconcileLoop.class);

    /** One pass of a service's reconciliation. */
    @FunctionalInterface
    public interface Pass {
        Outcome run();
    }

    /** How a pass went. */
    public enum Outcome {
        /** Done: the state is what the inputs say it should be. */
        DONE,
        /** Nothing done: an input is not complete yet (a topic catching up, an informer syncing); its callback triggers. */
        NOT_READY,
        /** Something failed for now (a write, a send): run again after the retry delay. */
        RETRY
    }

    private final String name;
    private final Pass pass;
    private final ReconcileSettings settings;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ScheduledExecutorService executor;
    private volatile boolean stopped;

    /**
     * @param name the service's loop, e.g. {@code export}: names its thread and its log lines
     */
    public ReconcileLoop(String name, ReconcileSettings settings, Pass pass) {
        this.name = name;
        this.pass = pass;
        this.settings = settings;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcw-" + name + "-reconciler");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic resync; passes asked for before this run once it is called. */
    public void start() {
        long resync = settings.resyncPeriod().toMillis();
        schedule(this::trigger, resync, resync);
    }

    /** Asks for a pass; cheap and safe to call from any thread. */
    public void trigger() {
        if (!stopped && queued.compareAndSet(false, true)) {
            try {
                executor.execute(this::runOnce);
            } catch (RejectedExecutionException e) {
                queued.set(false); // closed meanwhile
            }
        }
    }

    /** Asks for a pass after the retry delay: a write or send failed and the state must be asserted again. */
    public void retryLater() {
        if (!stopped) {
            try {
                executor.schedule(this::trigger, settings.retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    /** Asks for a pass after {@code delay}, e.g. when a time-based decision (a hold-down) comes due. */
    public void triggerIn(Duration delay) {
        if (!stopped) {
            try {
                executor.schedule(this::trigger, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }
    }

    private void runOnce() {
        queued.set(false);
        Outcome outcome;
        try {
            outcome = pass.run();
        } catch (RuntimeException e) {
            LOGGER.errorf(e, "%s reconciliation pass failed; retrying in %d ms", name, settings.retryDelay().toMillis());
            outcome = Outcome.RETRY;
        }
        if (outcome == Outcome.RETRY) {
            retryLater();
        }
    }

    private void schedule(Runnable task, long initialMillis, long periodMillis) {
        try {
            executor.scheduleWithFixedDelay(task, initialMillis, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public void close() {
        stopped = true;
        executor.shutdownNow();
    }
}

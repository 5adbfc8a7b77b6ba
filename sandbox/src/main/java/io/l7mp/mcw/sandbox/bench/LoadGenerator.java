package io.l7mp.mcw.sandbox.bench;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

import org.HdrHistogram.Histogram;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;

/**
 * An HTTP/1.1 keep-alive load generator on one Vert.x event loop, with latencies in an HdrHistogram.
 * <p>
 * {@link #openLoop open loop}: requests are due at fixed intervals ({@code 1/rate}) whatever the responses do, and
 * a request's latency runs from the moment it was <em>due</em>, not from when a connection was free to send it. A
 * slow target therefore shows as growing latency instead of as a lower request rate (no coordinated omission).
 * <p>
 * {@link #closedLoop closed loop}: a fixed number of requests in flight, each response sends the next; the
 * completion rate is the target's maximum throughput at that concurrency.
 * <p>
 * Every callback runs on the one event loop, so the histogram and counters need no locking.
 */
public final class LoadGenerator implements AutoCloseable {

    /** How long requests still in flight at the end of a run may take before they count as errors. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final long DRAIN_POLL_MS = 1;

    private final Vertx vertx;
    private final long slowMicros;
    /** Told the intended send time (System.nanoTime()) of every failed measured request; null: nobody. */
    private volatile LongConsumer onError;
    /** Set by {@link #stop()}: the open loop in progress sends nothing more and finishes. */
    private volatile boolean stopRequested;

    /** @param slow a measured request that takes longer is kept in the result's {@link SlowRequests}, with its connection */
    public LoadGenerator(Duration slow) {
        this.slowMicros = slow.toNanos() / 1000;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    }

    /**
     * Where requests go: a host and port to connect to, the authority (Host header) and the path to request.
     */
    public record Target(String name, String host, int port, String authority, String path) {
        public Target {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * What one run measured.
     *
     * @param offeredRps the rate requests were due at (open loop), or 0 (closed loop)
     * @param achievedRps successful responses per second of the run
     * @param ok responses with a 2xx status and a whole body
     * @param errors failed connections, non-2xx statuses, and requests still unanswered after the drain time
     * @param latency latencies of the successful requests, in microseconds
     * @param slow the successful requests slower than the generator's threshold, with when and where they went
     */
    public record Result(String target, String mode, double offeredRps, double achievedRps, long ok, long errors,
            long bytes, Histogram latency, SlowRequests slow) {

        public double p50Ms() {
            return percentileMs(50);
        }

        public double p99Ms() {
            return percentileMs(99);
        }

        public double p999Ms() {
            return percentileMs(99.9);
        }

        public double maxMs() {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0;
        }

        private double percentileMs(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /**
     * Sends {@code rate * duration} requests, one due every {@code 1/rate} seconds, over at most {@code connections}
     * keep-alive connections; a request due while every connection is busy waits for one, and that wait is part of
     * its latency.
     */
    public Result openLoop(Target target, double rate, Duration duration, int connections) {
        return openLoop(target, rate, Duration.ZERO, duration, connections);
    }

    /**
     * As {@link #openLoop(Target, double, Duration, int)}, after {@code settle} at the same rate over the same
     * connections that is not measured: the requests due in it are sent but neither timed nor counted, so that new
     * connections and a target's transient at a change of load stay out of the figures.
     */
    public Result openLoop(Target target, double rate, Duration settle, Duration duration, int connections) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        long total = Math.max(1, Math.round(rate * (settle.toNanos() + duration.toNanos()) / 1e9));
        return run(target, connections, run -> run.startOpenLoop(rate, total, settle.toNanos()), "open loop", rate);
    }

    /** Keeps {@code concurrency} requests in flight for {@code duration}; returns the rate they completed at. */
    public Result closedLoop(Target target, int concurrency, Duration duration) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        return run(target, concurrency, run -> run.startClosedLoop(concurrency, duration.toNanos()),
                "closed loop, " + concurrency + " in flight", 0);
    }

    private Result run(Target target, int connections, java.util.function.Consumer<Run> start, String mode,
            double offered) {
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Result> done = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setKeepAlive(true)
                    .setPipelining(false)
                    .setTcpNoDelay(true)
                    .setConnectTimeout(5_000)
                    .setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(connections));
            stopRequested = false;
            Run run = new Run(client, target, mode, offered, done);
            start.accept(run);
        });
        try {
            return done.get(24, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + target.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("measuring " + target.name() + " failed", e);
        }
    }

    /**
     * Tells {@code listener} the intended send time ({@code System.nanoTime()}) of every measured request that fails,
     * on the generator's event loop: a benchmark that changes the target's conditions during a run can tell which
     * change the failures belong to.
     */
    public void onError(LongConsumer listener) {
        this.onError = listener;
    }

    /** Ends the open loop in progress early: nothing more is sent, and the run finishes once the rest is answered. */
    public void stop() {
        stopRequested = true;
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** A successful answer: its body's size and the local port of the connection it came over. */
    private record Answer(int bytes, int connection) {
    }

    /** One measurement; only ever touched on the generator's event loop. */
    private final class Run {
        private final HttpClient client;
        private final Target target;
        private final String mode;
        private final double offered;
        private final CompletableFuture<Result> done;
        private final Histogram latency = new Histogram(3);
        private final SlowRequests slow = new SlowRequests(slowMicros);
        private final RequestOptions request;
        private final EventLoop eventLoop;
        private long startNanos;
        /** Requests due before this are sent but not measured (the settling time of an open loop). */
        private long recordFromNanos;
        private long endNanos;
        private long sent;
        private long ok;
        private long errors;
        private long bytes;
        private long outstanding;
        private boolean finished;

        Run(HttpClient client, Target target, String mode, double offered, CompletableFuture<Result> done) {
            this.client = client;
            this.target = target;
            this.mode = mode;
            this.offered = offered;
            this.done = done;
            this.eventLoop = ((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop();
            this.request = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                    .setPort(target.port()).setURI(target.path()).putHeader("host", target.authority());
        }

        void startOpenLoop(double rate, long total, long settleNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos + settleNanos;
            sendDue(1e9 / rate, total);
        }

        /**
         * Sends every request due by now, then schedules itself for the next one on the event loop's own timer
         * (nanosecond deadlines, unlike Vert.x's millisecond timers, which would hold each request up to a
         * millisecond and add that to every latency).
         */
        private void sendDue(double intervalNanos, long planned) {
            long elapsed = System.nanoTime() - startNanos;
            long total = stopRequested ? Math.min(planned, sent) : planned;
            long due = Math.min(total, (long) (elapsed / intervalNanos) + 1);
            while (sent < due) {
                long intended = startNanos + (long) (sent * intervalNanos);
                sent++;
                send(intended, null);
            }
            if (sent == total) {
                endNanos = startNanos + (long) (total * intervalNanos);
                drainThenFinish();
                return;
            }
            long next = startNanos + (long) (sent * intervalNanos) - System.nanoTime();
            eventLoop.schedule(() -> sendDue(intervalNanos, total), Math.max(0, next), TimeUnit.NANOSECONDS);
        }

        void startClosedLoop(int concurrency, long durationNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos;
            long stopAt = startNanos + durationNanos;
            Runnable[] next = new Runnable[1];
            next[0] = () -> {
                if (finished) {
                    return;
                }
                long now = System.nanoTime();
                if (now < stopAt) {
                    sent++;
                    send(now, next[0]);
                } else if (outstanding == 0) {
                    endNanos = now;
                    finish();
                }
            };
            for (int i = 0; i < concurrency; i++) {
                next[0].run();
            }
        }

        private void send(long intendedNanos, Runnable then) {
            outstanding++;
            client.request(request)
                    .compose(req -> {
                        // the connection, by its local port: which connections the slow requests went over
                        int connection = req.connection().localAddress().port();
                        return req.send().compose(response -> response.body().map(body -> {
                            if (response.statusCode() / 100 != 2) {
                                throw new IllegalStateException("status " + response.statusCode());
                            }
                            return new Answer(body.length(), connection);
                        }));
                    })
                    .onComplete(outcome -> {
                        outstanding--;
                        if (finished) {
                            return;
                        }
                        if (intendedNanos < recordFromNanos) {
                            // settling: not measured
                        } else if (outcome.succeeded()) {
                            ok++;
                            bytes += outcome.result().bytes();
                            long micros = Math.max(0, (System.nanoTime() - intendedNanos) / 1000);
                            latency.recordValue(micros);
                            slow.record(intendedNanos - recordFromNanos, micros, outcome.result().connection());
                        } else {
                            errors++;
                            LongConsumer listener = onError;
                            if (listener != null) {
                                listener.accept(intendedNanos);
                            }
                        }
                        if (then != null) {
                            then.run();
                        }
                    });
        }

        private void drainThenFinish() {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            vertx.setPeriodic(DRAIN_POLL_MS, timer -> {
                if (outstanding == 0 || System.nanoTime() > deadline) {
                    vertx.cancelTimer(timer);
                    errors += outstanding;
                    finish();
                }
            });
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            double seconds = Math.max(1e-9, (endNanos - recordFromNanos) / 1e9);
            Result result = new Result(target.name(), mode, offered, ok / seconds, ok, errors, bytes, latency, slow);
            Future<Void> closed = client.close();
            closed.onComplete(ignored -> done.complete(result));
        }
    }
}

package io.l7mp.mcw.gateway.adapter;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The load of {@link TracingBenchmark}: HTTP/1.1 keep-alive GETs from one Vert.x event loop, either on a fixed
 * schedule (open loop: a request is due every {@code 1/rate} s whatever the answers do, and its latency runs from
 * when it was due, so a stall shows as latency) or as many as a fixed number in flight allow (closed loop: the
 * completion rate is the maximum throughput). Latencies are kept whole and sorted for the percentiles.
 */
final class BenchLoad implements AutoCloseable {

    /** What one run measured. */
    record Result(double achievedRps, long ok, long errors, double p50Ms, double p99Ms, double maxMs) {
    }

    /** Where the requests go: the socket, the Host field and the path. */
    record Target(String host, int port, String authority, String path) {
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));

    /** Sends for {@code settle} unmeasured, then for {@code duration} measured, at {@code rate} requests per second. */
    Result openLoop(Target target, int rate, Duration settle, Duration duration, int connections) {
        HttpClient client = client(connections);
        try {
            long start = System.nanoTime();
            long measureFrom = start + settle.toNanos();
            long end = measureFrom + duration.toNanos();
            double intervalNanos = 1e9 / rate;
            Latencies latencies = new Latencies(rate * (int) duration.toSeconds() + 16);
            AtomicLong errors = new AtomicLong();
            AtomicLong outstanding = new AtomicLong();
            CompletableFuture<Void> done = new CompletableFuture<>();
            long[] sent = new long[1];
            // confined to the event loop: whether the schedule is over, then the last answer completes the run
            boolean[] scheduleOver = new boolean[1];
            vertx.runOnContext(v -> vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                long due = (long) ((Math.min(now, end) - start) / intervalNanos);
                for (; sent[0] < due; sent[0]++) {
                    long intended = start + (long) (sent[0] * intervalNanos);
                    boolean measured = intended >= measureFrom;
                    outstanding.incrementAndGet();
                    send(client, target, intended, measured ? latencies : null, errors, () -> {
                        if (outstanding.decrementAndGet() == 0 && scheduleOver[0]) {
                            done.complete(null);
                        }
                    });
                }
                if (now >= end) {
                    vertx.cancelTimer(timer);
                    scheduleOver[0] = true;
                    if (outstanding.get() == 0) {
                        done.complete(null);
                    }
                }
            }));
            await(done, settle.plus(duration));
            return latencies.result(duration, errors.get());
        } finally {
            client.close();
        }
    }

    /** One GET: its status, or 0 when it failed. */
    int status(Target target) {
        HttpClient client = client(1);
        try {
            return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                    .setPort(target.port()).setURI(target.path()).putHeader("host", target.authority()))
                    .compose(request -> request.send().compose(response -> response.body().map(body -> response
                            .statusCode())))
                    .otherwise(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return 0;
        } finally {
            client.close();
        }
    }

    /** Keeps {@code inFlight} requests outstanding for {@code duration}. */
    Result closedLoop(Target target, int inFlight, Duration duration) {
        HttpClient client = client(inFlight);
        try {
            long end = System.nanoTime() + duration.toNanos();
            Latencies latencies = new Latencies(1 << 20);
            AtomicLong errors = new AtomicLong();
            AtomicLong chains = new AtomicLong(inFlight);
            CompletableFuture<Void> done = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                for (int i = 0; i < inFlight; i++) {
                    chain(client, target, end, latencies, errors, () -> {
                        if (chains.decrementAndGet() == 0) {
                            done.complete(null);
                        }
                    });
                }
            });
            await(done, duration);
            return latencies.result(duration, errors.get());
        } finally {
            client.close();
        }
    }

    private void chain(HttpClient client, Target target, long end, Latencies latencies, AtomicLong errors,
            Runnable finished) {
        if (System.nanoTime() >= end) {
            finished.run();
            return;
        }
        send(client, target, System.nanoTime(), latencies, errors,
                () -> chain(client, target, end, latencies, errors, finished));
    }

    /** One GET; its latency from {@code intended} goes to {@code latencies} (null: not measured). */
    private static void send(HttpClient client, Target target, long intended, Latencies latencies, AtomicLong errors,
            Runnable then) {
        client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host()).setPort(target.port())
                .setURI(target.path()).putHeader("host", target.authority()))
                .compose(request -> request.send().compose(response -> response.body().map(body -> response
                        .statusCode())))
                .onComplete(answered -> {
                    if (answered.succeeded() && answered.result() == 200) {
                        if (latencies != null) {
                            latencies.add(System.nanoTime() - intended);
                        }
                    } else if (latencies != null) {
                        errors.incrementAndGet();
                    }
                    then.run();
                });
    }

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    private static void await(CompletableFuture<Void> done, Duration expected) {
        try {
            done.get(expected.toSeconds() + 60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the load did not finish within " + (expected.toSeconds() + 60) + " s", e);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Latencies in nanoseconds, appended on the event loop, read once the run is over. */
    private static final class Latencies {
        private long[] values;
        private int size;

        Latencies(int expected) {
            values = new long[Math.max(16, expected)];
        }

        void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        Result result(Duration duration, long errors) {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return new Result(size / (duration.toNanos() / 1e9), size, errors, percentile(sorted, 0.50),
                    percentile(sorted, 0.99), size == 0 ? Double.NaN : sorted[size - 1] / 1e6);
        }

        private static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }
}

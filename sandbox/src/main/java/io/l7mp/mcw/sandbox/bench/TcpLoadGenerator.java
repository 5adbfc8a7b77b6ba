package io.l7mp.mcw.sandbox.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

/**
 * A TCP load generator on one Vert.x event loop, for an echo server and for a server that streams bytes.
 * <p>
 * Echo round trips: each connection sends a message and waits for as many bytes to come back before it sends the next
 * (one message in flight per connection). {@link #echoClosedLoop closed loop}: every connection sends again at once;
 * the completion rate is the maximum. {@link #echoOpenLoop open loop}: a message is due every {@code 1/rate} seconds;
 * it goes on an idle connection, or waits for one, and its latency runs from when it was due, as in
 * {@link LoadGenerator}.
 * <p>
 * {@link #bulk Bulk}: connections that only read from a server that writes without end; the rate is the bytes that
 * arrived per second.
 * <p>
 * Every callback runs on the one event loop, so the histogram and counters need no locking.
 */
final class TcpLoadGenerator implements AutoCloseable {

    /** How long round trips still in flight at the end of a run may take before they count as errors. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final double MIB = 1024.0 * 1024.0;

    private final Vertx vertx;
    private final long slowMicros;

    /** @param slow a measured round trip that takes longer is kept in the result's {@link SlowRequests} */
    TcpLoadGenerator(Duration slow) {
        this.slowMicros = slow.toNanos() / 1000;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    }

    /**
     * Sends {@code rate * (settle + duration)} messages of {@code messageBytes}, one due every {@code 1/rate} seconds,
     * over {@code connections}; those due in {@code settle} are sent but not measured.
     */
    Result echoOpenLoop(Endpoint target, double rate, Duration settle, Duration duration, int connections,
            int messageBytes) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        long total = Math.max(1, Math.round(rate * (settle.toNanos() + duration.toNanos()) / 1e9));
        return run(target, connections, messageBytes, "open loop", rate,
                echo -> echo.startOpenLoop(rate, total, settle.toNanos()));
    }

    /** Keeps one message of {@code messageBytes} in flight on each of {@code connections} for {@code duration}. */
    Result echoClosedLoop(Endpoint target, int connections, int messageBytes, Duration duration) {
        return run(target, connections, messageBytes, "closed loop, " + connections + " in flight", 0,
                echo -> echo.startClosedLoop(duration.toNanos()));
    }

    /**
     * Reads from {@code connections} for {@code duration}; the result's rate is in MiB/s, its {@code bytes} what
     * arrived, its {@code errors} the connections that failed or ended before the time was up.
     */
    Result bulk(Endpoint target, int connections, Duration duration) {
        CompletableFuture<Result> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> new Bulk(target, connections, duration, done).start());
        return await(target, done);
    }

    private Result run(Endpoint target, int connections, int messageBytes, String mode, double offered,
            Consumer<Echo> start) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        if (messageBytes < 1) {
            throw new IllegalArgumentException("messageBytes must be at least 1, got " + messageBytes);
        }
        CompletableFuture<Result> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(ignored -> {
            Echo echo = new Echo(target, messageBytes, mode, offered, done);
            echo.connect(connections, () -> start.accept(echo));
        });
        return await(target, done);
    }

    private static Result await(Endpoint target, CompletableFuture<Result> done) {
        try {
            return done.get(24, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + target.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("measuring " + target.name() + " failed", e);
        }
    }

    private NetClient client() {
        return vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
    }

    private EventLoop eventLoop() {
        return ((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** One connection of an echo run: at most one message in flight. */
    private static final class Connection {
        final NetSocket socket;
        final int id;
        long received;
        long intendedNanos;
        boolean busy;
        boolean closed;

        Connection(NetSocket socket) {
            this.socket = socket;
            this.id = socket.localAddress().port();
        }
    }

    /** One echo measurement; only ever touched on the generator's event loop. */
    private final class Echo {
        private final Endpoint target;
        private final int messageBytes;
        private final Buffer message;
        private final String mode;
        private final double offered;
        private final CompletableFuture<Result> done;
        private final NetClient client = client();
        private final EventLoop eventLoop = eventLoop();
        private final List<Connection> connections = new ArrayList<>();
        private final ArrayDeque<Connection> idle = new ArrayDeque<>();
        /** Intended send times of open-loop messages waiting for an idle connection. */
        private final ArrayDeque<Long> waiting = new ArrayDeque<>();
        private final Histogram latency = new Histogram(3);
        private final SlowRequests slow = new SlowRequests(slowMicros);
        private long startNanos;
        private long recordFromNanos;
        private long endNanos;
        private long stopAtNanos = Long.MAX_VALUE;
        private long sent;
        private long ok;
        private long errors;
        private long outstanding;
        private boolean finished;

        Echo(Endpoint target, int messageBytes, String mode, double offered, CompletableFuture<Result> done) {
            this.target = target;
            this.messageBytes = messageBytes;
            byte[] bytes = new byte[messageBytes];
            Arrays.fill(bytes, (byte) 'x');
            this.message = Buffer.buffer(bytes);
            this.mode = mode;
            this.offered = offered;
            this.done = done;
        }

        /** Opens the connections, then runs {@code then} once every attempt has ended (a failed one is an error). */
        void connect(int count, Runnable then) {
            int[] pending = { count };
            for (int i = 0; i < count; i++) {
                client.connect(target.port(), target.host()).onComplete(outcome -> {
                    if (outcome.succeeded()) {
                        Connection connection = new Connection(outcome.result());
                        connections.add(connection);
                        idle.add(connection);
                        connection.socket.handler(buffer -> received(connection, buffer.length()));
                        connection.socket.closeHandler(v -> lost(connection));
                        connection.socket.exceptionHandler(e -> connection.socket.close());
                    } else {
                        errors++;
                    }
                    if (--pending[0] == 0) {
                        then.run();
                    }
                });
            }
        }

        void startOpenLoop(double rate, long total, long settleNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos + settleNanos;
            sendDue(1e9 / rate, total);
        }

        /** Sends (or queues) every message due by now, then schedules itself for the next one. */
        private void sendDue(double intervalNanos, long total) {
            long due = Math.min(total, (long) ((System.nanoTime() - startNanos) / intervalNanos) + 1);
            while (sent < due) {
                long intended = startNanos + (long) (sent * intervalNanos);
                sent++;
                Connection connection = idle.poll();
                if (connection != null) {
                    send(connection, intended);
                } else {
                    waiting.add(intended);
                }
            }
            if (sent == total) {
                endNanos = startNanos + (long) (total * intervalNanos);
                drainThenFinish();
                return;
            }
            long next = startNanos + (long) (sent * intervalNanos) - System.nanoTime();
            eventLoop.schedule(() -> sendDue(intervalNanos, total), Math.max(0, next), TimeUnit.NANOSECONDS);
        }

        void startClosedLoop(long durationNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos;
            stopAtNanos = startNanos + durationNanos;
            while (!idle.isEmpty()) {
                send(idle.poll(), System.nanoTime());
            }
            eventLoop.schedule(this::drainThenFinish, durationNanos, TimeUnit.NANOSECONDS);
        }

        private void send(Connection connection, long intendedNanos) {
            connection.busy = true;
            connection.intendedNanos = intendedNanos;
            outstanding++;
            connection.socket.write(message);
        }

        private void received(Connection connection, int bytes) {
            connection.received += bytes;
            if (!connection.busy || connection.received < messageBytes) {
                return;
            }
            connection.received -= messageBytes;
            connection.busy = false;
            outstanding--;
            long now = System.nanoTime();
            if (!finished && connection.intendedNanos >= recordFromNanos) {
                ok++;
                long micros = Math.max(0, (now - connection.intendedNanos) / 1000);
                latency.recordValue(micros);
                slow.record(connection.intendedNanos - recordFromNanos, micros, connection.id);
                if (offered == 0) {
                    endNanos = now;
                }
            }
            if (offered == 0 && now < stopAtNanos) {
                send(connection, now);
            } else if (!waiting.isEmpty()) {
                send(connection, waiting.poll());
            } else {
                idle.add(connection);
            }
        }

        private void lost(Connection connection) {
            connection.closed = true;
            idle.remove(connection);
            if (connection.busy && !finished) {
                connection.busy = false;
                outstanding--;
                if (connection.intendedNanos >= recordFromNanos) {
                    errors++;
                }
            }
        }

        private void drainThenFinish() {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            vertx.setPeriodic(1, timer -> {
                boolean anyOpen = connections.stream().anyMatch(c -> !c.closed);
                if ((outstanding == 0 && (waiting.isEmpty() || !anyOpen)) || System.nanoTime() > deadline) {
                    vertx.cancelTimer(timer);
                    errors += outstanding + waiting.size();
                    finish();
                }
            });
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            long end = offered == 0 && endNanos == 0 ? System.nanoTime() : endNanos;
            double seconds = Math.max(1e-9, (end - recordFromNanos) / 1e9);
            Result result = new Result(target.name(), mode, offered, ok / seconds, ok, errors,
                    ok * (long) messageBytes, latency, slow);
            closeAll(client, connections.stream().map(c -> c.socket).toList()).onComplete(v -> done.complete(result));
        }
    }

    private static Future<Void> closeAll(NetClient client, List<NetSocket> sockets) {
        sockets.forEach(NetSocket::close);
        return client.close();
    }

    /** One bulk measurement; only ever touched on the generator's event loop. */
    private final class Bulk {
        private final Endpoint target;
        private final int count;
        private final Duration duration;
        private final CompletableFuture<Result> done;
        private final NetClient client = client();
        private final List<NetSocket> sockets = new ArrayList<>();
        private long startNanos;
        private long bytes;
        private long reads;
        private long errors;
        private boolean finished;

        Bulk(Endpoint target, int count, Duration duration, CompletableFuture<Result> done) {
            if (count < 1) {
                throw new IllegalArgumentException("connections must be at least 1, got " + count);
            }
            this.target = target;
            this.count = count;
            this.duration = duration;
            this.done = done;
        }

        void start() {
            startNanos = System.nanoTime();
            for (int i = 0; i < count; i++) {
                client.connect(target.port(), target.host()).onComplete(outcome -> {
                    if (outcome.failed() || finished) {
                        errors += outcome.failed() ? 1 : 0;
                        return;
                    }
                    NetSocket socket = outcome.result();
                    sockets.add(socket);
                    socket.handler(buffer -> {
                        bytes += buffer.length();
                        reads++;
                    });
                    socket.closeHandler(v -> {
                        if (!finished) {
                            errors++;
                        }
                    });
                });
            }
            eventLoop().schedule(this::finish, duration.toNanos(), TimeUnit.NANOSECONDS);
        }

        private void finish() {
            finished = true;
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            String mode = count + (count == 1 ? " connection" : " connections") + ", reading";
            Result result = new Result(target.name(), mode, 0, bytes / MIB / seconds, reads, errors, bytes,
                    new Histogram(3), new SlowRequests(slowMicros));
            closeAll(client, sockets).onComplete(v -> done.complete(result));
        }
    }
}

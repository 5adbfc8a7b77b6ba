package io.l7mp.mcw.sandbox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.l7mp.mcw.sandbox.bench.LoadGenerator.Result;
import io.l7mp.mcw.testkit.backend.GrpcEchoBackend;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A gRPC load generator (grpc-java over Netty) for the echo backend's methods ({@link GrpcEchoBackend#ECHO},
 * {@link GrpcEchoBackend#CHAT}), on one event loop: the channels' transport and every callback run on it
 * ({@code directExecutor}), so the histogram and counters need no locking. Each channel is one HTTP/2 connection.
 * <p>
 * Unary {@link #unaryClosedLoop closed loop}: a fixed number of calls in flight, spread over the connections, each
 * answer sends the next; the completion rate is the maximum. Unary {@link #unaryOpenLoop open loop}: a call is due
 * every {@code 1/rate} seconds and sent then, whatever the answers do (HTTP/2 needs no free connection), and its
 * latency runs from when it was due, as in {@link LoadGenerator}.
 * <p>
 * {@link #streaming Streaming}: one bidirectional {@code Chat} stream per connection, sending messages as fast as
 * flow control lets it ({@code isReady}); the rate is the bytes echoed back per second.
 */
final class GrpcLoadGenerator implements AutoCloseable {

    /** How long calls still in flight at the end of a run may take before they count as errors. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final double MIB = 1024.0 * 1024.0;
    /** The largest answer a channel accepts: a streaming message plus the backend's name prefixed. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final NioEventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("grpc-load", true));
    private final EventLoop loop = group.next();
    private final long slowMicros;

    /** @param slow a measured call that takes longer is kept in the result's {@link SlowRequests} */
    GrpcLoadGenerator(Duration slow) {
        this.slowMicros = slow.toNanos() / 1000;
    }

    /** Keeps {@code inFlight} Echo calls of {@code messageBytes} in flight over {@code connections} for {@code duration}. */
    Result unaryClosedLoop(Endpoint target, int connections, int inFlight, int messageBytes, Duration duration) {
        if (inFlight < 1) {
            throw new IllegalArgumentException("inFlight must be at least 1, got " + inFlight);
        }
        return run(target, connections, messageBytes, "closed loop, " + inFlight + " in flight", 0,
                unary -> unary.startClosedLoop(inFlight, duration.toNanos()));
    }

    /**
     * Sends {@code rate * (settle + duration)} Echo calls, one due every {@code 1/rate} seconds, over
     * {@code connections}; those due in {@code settle} are sent but not measured.
     */
    Result unaryOpenLoop(Endpoint target, double rate, Duration settle, Duration duration, int connections,
            int messageBytes) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive, got " + rate);
        }
        long total = Math.max(1, Math.round(rate * (settle.toNanos() + duration.toNanos()) / 1e9));
        return run(target, connections, messageBytes, "open loop", rate,
                unary -> unary.startOpenLoop(rate, total, settle.toNanos()));
    }

    /**
     * Streams {@code messageBytes} messages over {@code streams} Chat calls (one connection each) for {@code duration};
     * the result's rate is the MiB/s echoed back, its {@code ok} the messages that came back, its {@code errors} the
     * streams that ended before the time was up.
     */
    Result streaming(Endpoint target, int streams, int messageBytes, Duration duration) {
        List<ManagedChannel> channels = channels(target, streams);
        CompletableFuture<Result> done = new CompletableFuture<>();
        loop.execute(() -> new Streams(target, channels, payload(messageBytes), duration, done).start());
        return await(target, channels, done);
    }

    private Result run(Endpoint target, int connections, int messageBytes, String mode, double offered,
            Consumer<Unary> start) {
        List<ManagedChannel> channels = channels(target, connections);
        CompletableFuture<Result> done = new CompletableFuture<>();
        loop.execute(() -> {
            Unary unary = new Unary(target, channels, payload(messageBytes), mode, offered, done);
            unary.connect(() -> start.accept(unary));
        });
        return await(target, channels, done);
    }

    private Result await(Endpoint target, List<ManagedChannel> channels, CompletableFuture<Result> done) {
        try {
            return done.get(24, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring " + target.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("measuring " + target.name() + " failed", e);
        } finally {
            for (ManagedChannel channel : channels) {
                channel.shutdownNow();
            }
            for (ManagedChannel channel : channels) {
                try {
                    channel.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private List<ManagedChannel> channels(Endpoint target, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + count);
        }
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            channels.add(NettyChannelBuilder.forAddress(target.host(), target.port()).usePlaintext()
                    .overrideAuthority(target.authority()).eventLoopGroup(group).channelType(NioSocketChannel.class)
                    .directExecutor().disableRetry().maxInboundMessageSize(MAX_MESSAGE_BYTES).build());
        }
        return channels;
    }

    /** A message of {@code bytes} ASCII letters: the echo backend answers text, which must survive its UTF-8 decoding. */
    private static byte[] payload(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("message size must be at least 1 byte, got " + bytes);
        }
        byte[] payload = new byte[bytes];
        Arrays.fill(payload, (byte) 'x');
        return payload;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One unary measurement; only ever touched on the generator's event loop. */
    private final class Unary {
        private final Endpoint target;
        private final List<ManagedChannel> channels;
        private final byte[] payload;
        private final String mode;
        private final double offered;
        private final CompletableFuture<Result> done;
        private final Histogram latency = new Histogram(3);
        private final SlowRequests slow = new SlowRequests(slowMicros);
        private long startNanos;
        private long recordFromNanos;
        private long endNanos;
        private long stopAtNanos = Long.MAX_VALUE;
        private long sent;
        private long ok;
        private long errors;
        private long bytes;
        private long outstanding;
        private boolean finished;

        Unary(Endpoint target, List<ManagedChannel> channels, byte[] payload, String mode, double offered,
                CompletableFuture<Result> done) {
            this.target = target;
            this.channels = channels;
            this.payload = payload;
            this.mode = mode;
            this.offered = offered;
            this.done = done;
        }

        /**
         * One unmeasured call per connection first, so that connecting is not part of the first latencies; the load
         * starts once each has ended, answered or not (a target that does not answer shows in the measured calls).
         */
        void connect(Runnable then) {
            int[] pending = { channels.size() };
            Runnable ended = () -> {
                if (--pending[0] == 0) {
                    then.run();
                }
            };
            for (int i = 0; i < channels.size(); i++) {
                call(i, CallOptions.DEFAULT.withDeadlineAfter(DRAIN.toMillis(), TimeUnit.MILLISECONDS), ended,
                        ignored -> ended.run());
            }
        }

        void startClosedLoop(int inFlight, long durationNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos;
            stopAtNanos = startNanos + durationNanos;
            for (int i = 0; i < inFlight; i++) {
                sendClosed(i % channels.size());
            }
            loop.schedule(this::drainThenFinish, durationNanos, TimeUnit.NANOSECONDS);
        }

        private void sendClosed(int channel) {
            long intended = System.nanoTime();
            if (intended >= stopAtNanos || finished) {
                return;
            }
            send(channel, intended, () -> sendClosed(channel));
        }

        void startOpenLoop(double rate, long total, long settleNanos) {
            startNanos = System.nanoTime();
            recordFromNanos = startNanos + settleNanos;
            sendDue(1e9 / rate, total);
        }

        private void sendDue(double intervalNanos, long total) {
            long due = Math.min(total, (long) ((System.nanoTime() - startNanos) / intervalNanos) + 1);
            while (sent < due) {
                long intended = startNanos + (long) (sent * intervalNanos);
                send((int) (sent % channels.size()), intended, null);
                sent++;
            }
            if (sent == total) {
                endNanos = startNanos + (long) (total * intervalNanos);
                drainThenFinish();
                return;
            }
            long next = startNanos + (long) (sent * intervalNanos) - System.nanoTime();
            loop.schedule(() -> sendDue(intervalNanos, total), Math.max(0, next), TimeUnit.NANOSECONDS);
        }

        private void send(int channel, long intendedNanos, Runnable then) {
            outstanding++;
            call(channel, CallOptions.DEFAULT, () -> {
                outstanding--;
                answered(channel, intendedNanos);
                if (then != null) {
                    then.run();
                }
            }, failure -> {
                outstanding--;
                if (!finished && intendedNanos >= recordFromNanos) {
                    errors++;
                }
                if (then != null) {
                    then.run();
                }
            });
        }

        private void answered(int channel, long intendedNanos) {
            if (finished || intendedNanos < recordFromNanos) {
                return;
            }
            long now = System.nanoTime();
            ok++;
            bytes += payload.length;
            long micros = Math.max(0, (now - intendedNanos) / 1000);
            latency.recordValue(micros);
            slow.record(intendedNanos - recordFromNanos, micros, channel);
            if (offered == 0) {
                endNanos = now;
            }
        }

        /** One Echo call on {@code channel}: {@code ok} once it answered with at least the bytes sent. */
        private void call(int channel, CallOptions options, Runnable ok, Consumer<Status> failed) {
            ClientCall<byte[], byte[]> call = channels.get(channel).newCall(GrpcEchoBackend.ECHO, options);
            call.start(new ClientCall.Listener<>() {
                private boolean answered;

                @Override
                public void onMessage(byte[] message) {
                    answered = message.length >= payload.length;
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    if (status.isOk() && answered) {
                        ok.run();
                    } else {
                        failed.accept(status);
                    }
                }
            }, new Metadata());
            call.request(1);
            call.sendMessage(payload);
            call.halfClose();
        }

        private void drainThenFinish() {
            long deadline = System.nanoTime() + DRAIN.toNanos();
            Runnable[] poll = new Runnable[1];
            poll[0] = () -> {
                if (outstanding == 0 || System.nanoTime() > deadline) {
                    errors += outstanding;
                    finish();
                } else {
                    loop.schedule(poll[0], 1, TimeUnit.MILLISECONDS);
                }
            };
            poll[0].run();
        }

        private void finish() {
            if (finished) {
                return;
            }
            finished = true;
            long end = offered == 0 && endNanos == 0 ? System.nanoTime() : endNanos;
            double seconds = Math.max(1e-9, (end - recordFromNanos) / 1e9);
            done.complete(new Result(target.name(), mode, offered, ok / seconds, ok, errors, bytes, latency, slow));
        }
    }

    /** One streaming measurement; only ever touched on the generator's event loop. */
    private final class Streams {
        private final Endpoint target;
        private final List<ManagedChannel> channels;
        private final byte[] payload;
        private final Duration duration;
        private final CompletableFuture<Result> done;
        private final List<ClientCall<byte[], byte[]>> calls = new ArrayList<>();
        private long startNanos;
        private long bytes;
        private long messages;
        private long errors;
        private boolean finished;

        Streams(Endpoint target, List<ManagedChannel> channels, byte[] payload, Duration duration,
                CompletableFuture<Result> done) {
            this.target = target;
            this.channels = channels;
            this.payload = payload;
            this.duration = duration;
            this.done = done;
        }

        void start() {
            startNanos = System.nanoTime();
            for (ManagedChannel channel : channels) {
                ClientCall<byte[], byte[]> call = channel.newCall(GrpcEchoBackend.CHAT, CallOptions.DEFAULT);
                calls.add(call);
                call.start(new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(byte[] message) {
                        if (!finished) {
                            bytes += message.length;
                            messages++;
                            call.request(1);
                        }
                    }

                    @Override
                    public void onReady() {
                        pump(call);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        if (!finished) {
                            errors++;
                        }
                    }
                }, new Metadata());
                call.request(4);
                pump(call);
            }
            loop.schedule(this::finish, duration.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Sends while flow control lets it: the stream's window is what paces the sender. */
        private void pump(ClientCall<byte[], byte[]> call) {
            while (!finished && call.isReady()) {
                call.sendMessage(payload);
            }
        }

        private void finish() {
            finished = true;
            double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
            for (ClientCall<byte[], byte[]> call : calls) {
                call.cancel("the measurement is over", null);
            }
            String mode = String.format(Locale.ROOT, "%d bidi stream%s, %d B messages", calls.size(),
                    calls.size() == 1 ? "" : "s", payload.length);
            done.complete(new Result(target.name(), mode, 0, bytes / MIB / seconds, messages, errors, bytes,
                    new Histogram(3), new SlowRequests(slowMicros)));
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The h2c (HTTP/2 with prior knowledge) connections of one event loop to its upstreams, for the {@link Http2Relay}:
 * per target (address and DSCP) as few connections as carry the streams, each with up to {@code streamsPerConnection}
 * streams at once (less if the upstream's {@code SETTINGS_MAX_CONCURRENT_STREAMS} says so), at most {@code poolSize}
 * connections; past that, streams queue in the least loaded connection's encoder until one ends. A connection with no
 * stream for {@code keepAliveMillis} is closed. Frames of a stream are handed to the {@link StreamListener} its opener
 * registered.
 * <p>
 * Confined to its event loop, as {@link Http1Upstreams} is: nothing here is synchronized.
 */
final class Http2Upstreams {

    /** Receives the frames of one upstream stream. */
    interface StreamListener {
        /** Response headers, informational or final, or trailers ({@code frame.isEndStream()}). */
        void headers(Http2HeadersFrame frame);

        /** Body bytes; the listener releases the frame and consumes its bytes ({@link Connection#consumed}). */
        void data(Http2DataFrame frame);

        /** The upstream reset the stream with {@code errorCode}. */
        void reset(long errorCode);

        /**
         * The stream closed without a reset from the upstream: it ended both ways, or the connection went or cut it
         * off; {@code cause} is why, null when nothing broke.
         */
        void closed(Throwable cause);
    }

    /**
     * Settings shared by every loop's pool.
     *
     * @param codec makes the client side of a connection's HTTP/2 codec
     * @param wanSource where connections to peer gateways leave from; null: the kernel picks
     * @param connectionWindow a connection's receive window, opened past the protocol's 65,535 at start
     * @param opened told of every connection opened (the path tracking of failover)
     */
    record Settings(ChannelFactory<? extends Channel> channelFactory, DialGuard guard, Supplier<Http2FrameCodec> codec,
            InetSocketAddress wanSource, int connectTimeoutMillis,
            long keepAliveMillis, int poolSize, int streamsPerConnection, int connectionWindow, Runnable connectionOpened,
            BiConsumer<Target, Channel> opened) {
    }

    /** One pooled h2c connection: the handler after its codec. */
    final class Connection extends Http2ChannelDuplexHandler {
        final Target target;
        private final List<Connection> pool;
        Channel channel;
        private Http2FrameCodec codec;
        /** The listeners of the streams open on this connection, by stream id. */
        private final IntObjectMap<StreamListener> streams = new IntObjectHashMap<>();
        /** Attempts promised a stream here while the connection was being opened. */
        private int reserved;
        private boolean draining;
        private long idleSince = System.nanoTime();
        private Throwable cause;

        private Connection(Target target, List<Connection> pool) {
            this.target = target;
            this.pool = pool;
        }

        /**
         * Opens a stream with its request headers (written, not flushed: see {@link Flushes}); its frames go to
         * {@code listener} until it ends ({@link #ended}), is reset, or the connection goes.
         */
        Http2FrameStream open(Http2Headers headers, boolean endStream, StreamListener listener) {
            Http2FrameStream stream = newStream();
            Flushes.write(channel, new DefaultHttp2HeadersFrame(headers, endStream).stream(stream));
            if (stream.id() > 0) {
                streams.put(stream.id(), listener);
            }
            return stream;
        }

        /** The exchange is done with the stream: it ended both ways, or the exchange reset it. */
        void ended(Http2FrameStream stream) {
            if (streams.remove(stream.id()) != null) {
                streamGone();
            }
        }

        private void streamGone() {
            if (streams.isEmpty()) {
                idleSince = System.nanoTime();
                if (draining) {
                    channel.close();
                }
            }
        }

        private int load() {
            return streams.size() + reserved;
        }

        private boolean usable() {
            return !draining && channel != null && channel.isActive() && load() < limit();
        }

        private int limit() {
            long peer = codec == null ? Integer.MAX_VALUE : codec.connection().local().maxActiveStreams();
            return (int) Math.min(settings.streamsPerConnection(), peer);
        }

        @Override
        protected void handlerAdded0(ChannelHandlerContext ctx) {
            codec = ctx.pipeline().get(Http2FrameCodec.class);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Flushes.reading();
            if (msg instanceof Http2DataFrame data) {
                StreamListener listener = streams.get(data.stream().id());
                if (listener != null) {
                    listener.data(data);
                } else {
                    data.release();
                }
                return;
            }
            try {
                if (msg instanceof Http2HeadersFrame headers) {
                    StreamListener listener = streams.get(headers.stream().id());
                    if (listener != null) {
                        listener.headers(headers);
                    }
                } else if (msg instanceof Http2ResetFrame reset) {
                    StreamListener listener = streams.remove(reset.stream().id());
                    if (listener != null) {
                        streamGone();
                        listener.reset(reset.errorCode());
                    }
                } else if (msg instanceof Http2GoAwayFrame) {
                    // no new streams here; those in flight finish, then the connection closes
                    draining = true;
                    if (streams.isEmpty()) {
                        ctx.close();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Flushes.flush();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            // a stream the codec closed: both ends seen, or cut off without a reset frame (a GOAWAY, an error)
            if (event instanceof Http2FrameStreamEvent e && e.type() == Http2FrameStreamEvent.Type.State
                    && e.stream().state() == Http2Stream.State.CLOSED) {
                StreamListener listener = streams.remove(e.stream().id());
                if (listener != null) {
                    streamGone();
                    listener.closed(cause);
                }
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            pool.remove(this);
            Throwable why = cause != null ? cause : new ClosedChannelException();
            List<StreamListener> left = new ArrayList<>(streams.values());
            streams.clear();
            left.forEach(listener -> listener.closed(why));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
            if (cause == null) {
                cause = error;
            }
            ctx.close();
        }

        /** Tells the upstream that {@code bytes} of a stream's body were passed on: its window may open again. */
        void consumed(Http2FrameStream stream, int bytes) {
            if (bytes > 0 && channel.isActive() && streams.containsKey(stream.id())) {
                Flushes.write(channel, new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
            }
        }
    }

    /** One pool per event loop, made on first use by that loop. */
    static final class Registry {
        private final Settings settings;
        private final FastThreadLocal<Http2Upstreams> byLoop = new FastThreadLocal<>();

        Registry(Settings settings) {
            this.settings = settings;
        }

        /** The pool of {@code loop}; must be called on that loop. */
        Http2Upstreams forLoop(EventLoop loop) {
            Http2Upstreams pool = byLoop.get();
            if (pool == null) {
                pool = new Http2Upstreams(loop, settings);
                byLoop.set(pool);
            }
            return pool;
        }
    }

    private final EventLoop loop;
    private final Settings settings;
    private final Map<Target, List<Connection>> pools = new HashMap<>();
    /** Attempts waiting for a connection being opened, by the connection. */
    private final Map<Connection, List<Consumer<Connection>>> waiting = new HashMap<>();
    private final Map<Connection, List<Consumer<Throwable>>> waitingFailures = new HashMap<>();

    private Http2Upstreams(EventLoop loop, Settings settings) {
        this.loop = loop;
        this.settings = settings;
        loop.schedule(this::closeIdle, settings.keepAliveMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Calls {@code ready} with a connection to {@code target} that takes one more stream (open, being opened, or new),
     * or {@code failed} when a new one cannot be opened. {@code address} is where to connect, already resolved and
     * checked; null to resolve {@code target} through the dial guard. Must be called on this pool's event loop.
     */
    void acquire(Target target, InetSocketAddress address, Consumer<Connection> ready, Consumer<Throwable> failed) {
        List<Connection> pool = pools.computeIfAbsent(target, t -> new ArrayList<>(2));
        Connection best = null;
        for (Connection connection : pool) {
            if (connection.channel == null) {
                // being opened: it takes what its limit allows once open
                if (connection.reserved < settings.streamsPerConnection()) {
                    connection.reserved++;
                    waiting.get(connection).add(ready);
                    waitingFailures.get(connection).add(failed);
                    return;
                }
            } else if (connection.usable() && (best == null || connection.load() < best.load())) {
                best = connection;
            }
        }
        if (best != null) {
            ready.accept(best);
            return;
        }
        if (pool.size() >= settings.poolSize()) {
            // every connection is full: the encoder of the least loaded one queues the stream until another ends
            for (Connection connection : pool) {
                if (connection.channel != null && connection.channel.isActive() && !connection.draining
                        && (best == null || connection.load() < best.load())) {
                    best = connection;
                }
            }
            if (best != null) {
                ready.accept(best);
                return;
            }
        }
        open(target, pool, address, ready, failed);
    }

    private void open(Target target, List<Connection> pool, InetSocketAddress address, Consumer<Connection> ready,
            Consumer<Throwable> failed) {
        Connection connection = new Connection(target, pool);
        pool.add(connection);
        connection.reserved = 1;
        List<Consumer<Connection>> readies = new ArrayList<>(2);
        readies.add(ready);
        List<Consumer<Throwable>> failures = new ArrayList<>(2);
        failures.add(failed);
        waiting.put(connection, readies);
        waitingFailures.put(connection, failures);
        if (address != null) {
            connect(connection, address);
            return;
        }
        settings.guard().resolve(loop, target.host(), target.port(), HopSpan.NONE).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                failOpening(connection, resolved.cause());
                return;
            }
            connect(connection, (InetSocketAddress) resolved.getNow());
        });
    }

    private void connect(Connection connection, InetSocketAddress address) {
        Target target = connection.target;
        Bootstrap bootstrap = new Bootstrap().group(loop).channelFactory(settings.channelFactory())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(settings.codec().get(), connection);
                    }
                });
        if (target.dscp() != null) {
            bootstrap.option(ChannelOption.IP_TOS, UpstreamClients.trafficClass(target.dscp()));
        }
        ChannelFuture connecting = target.overWan() && settings.wanSource() != null
                ? bootstrap.connect(address, settings.wanSource())
                : bootstrap.connect(address);
        connecting.addListener(done -> {
            if (!connecting.isSuccess()) {
                failOpening(connection, connecting.cause());
                return;
            }
            connection.channel = connecting.channel();
            int more = settings.connectionWindow() - 65_535;
            if (more > 0) {
                connection.channel.write(new DefaultHttp2WindowUpdateFrame(more));
            }
            settings.connectionOpened().run();
            settings.opened().accept(target, connection.channel);
            List<Consumer<Connection>> readies = waiting.remove(connection);
            waitingFailures.remove(connection);
            connection.reserved = 0;
            readies.forEach(ready -> ready.accept(connection));
        });
    }

    private void failOpening(Connection connection, Throwable cause) {
        connection.pool.remove(connection);
        waiting.remove(connection);
        List<Consumer<Throwable>> failures = waitingFailures.remove(connection);
        failures.forEach(failed -> failed.accept(cause));
    }

    /** Closes the connections without a stream for the keep-alive time; runs again after half of it. */
    private void closeIdle() {
        long now = System.nanoTime();
        long keepAlive = TimeUnit.MILLISECONDS.toNanos(settings.keepAliveMillis());
        for (var entries = pools.values().iterator(); entries.hasNext();) {
            List<Connection> pool = entries.next();
            if (pool.isEmpty()) {
                // a target nobody asked for since its last connection closed (an endpoint that went away)
                entries.remove();
                continue;
            }
            for (Connection connection : List.copyOf(pool)) {
                if (connection.channel != null && connection.load() == 0
                        && now - connection.idleSince >= keepAlive) {
                    connection.channel.close();
                }
            }
        }
        loop.schedule(this::closeIdle, Math.max(1, settings.keepAliveMillis() / 2), TimeUnit.MILLISECONDS);
    }
}

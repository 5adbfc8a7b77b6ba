package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The HTTP/1.1 keep-alive connections of one event loop to its upstreams (peer ingress gateways, local backends), for
 * the {@link Http1Relay}: per target (address and DSCP) at most {@code poolSize} connections, idle ones reused most
 * recently used first, requests beyond the limit queued until one is free. An idle connection is closed after
 * {@code keepAliveMillis}, below the upstreams' own idle timeout, so that the gateway, not the server, ends it: one
 * timer per event loop closes the connections that have waited that long, rather than a handler in every connection
 * that stamps each read and write.
 * <p>
 * Confined to its event loop: every connection it opens is registered on that loop, so a request and its response
 * never change threads, and nothing here is synchronized.
 */
final class Http1Upstreams {
    /** Receives what happens on a leased connection. */
    interface Listener {
        /** Bytes from the upstream; the listener releases them. */
        void read(Connection connection, ByteBuf data);

        /** The connection closed; {@code cause} is the error that closed it, or null for an orderly close (FIN). */
        void closed(Connection connection, Throwable cause);
    }

    /**
     * Settings shared by every loop's pool.
     *
     * @param guard resolves and checks every address before a connection opens
     * @param wanSource where connections to peer gateways leave from; null: the kernel picks
     */
    record Settings(ChannelFactory<? extends Channel> channelFactory, DialGuard guard, InetSocketAddress wanSource,
            int connectTimeoutMillis, long keepAliveMillis, int poolSize, Runnable connectionOpened) {
    }

    /** A pooled connection; {@code listener} is set while it is leased. */
    final class Connection extends ChannelInboundHandlerAdapter {
        final Target target;
        private final Pool pool;
        Channel channel;
        private Listener listener;
        private boolean idle;
        /** When it went back to the pool ({@link System#nanoTime}); meaningful while {@code idle}. */
        private long idleSince;
        private Throwable cause;

        private Connection(Target target, Pool pool) {
            this.target = target;
            this.pool = pool;
        }

        void lease(Listener listener) {
            this.listener = listener;
        }

        /** Ends the lease; a connection whose message ended cleanly goes back to the pool, else it is closed. */
        void release(boolean reusable) {
            listener = null;
            if (reusable && channel.isActive()) {
                Http1Upstreams.this.release(this);
            } else {
                channel.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Listener current = listener;
            if (current != null && msg instanceof ByteBuf data) {
                current.read(this, data);
                return;
            }
            // bytes on an idle connection answer no request: the stream is out of step, the connection is useless
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            gone(this);
            Listener current = listener;
            listener = null;
            if (current != null) {
                current.closed(this, cause);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
            if (cause == null) {
                cause = error;
            }
            ctx.close();
        }
    }

    private final class Pool {
        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        /** Every open connection, idle or leased. */
        final Set<Connection> all = new HashSet<>();
        int total;
    }

    private record Waiter(Consumer<Connection> ready, Consumer<Throwable> failed) {
    }

    /** One pool per event loop, made on first use by that loop. */
    static final class Registry {
        private final Settings settings;
        private final FastThreadLocal<Http1Upstreams> byLoop = new FastThreadLocal<>();
        private final List<Http1Upstreams> all = new CopyOnWriteArrayList<>();

        Registry(Settings settings) {
            this.settings = settings;
        }

        /** The pool of {@code loop}; must be called on that loop. */
        Http1Upstreams forLoop(EventLoop loop) {
            Http1Upstreams pool = byLoop.get();
            if (pool == null) {
                pool = new Http1Upstreams(loop, settings);
                byLoop.set(pool);
                all.add(pool);
            }
            return pool;
        }

        /**
         * Closes every connection of every loop to {@code host:port}, idle or leased; a leased one ends its exchange
         * with {@code cause}. Returns at once: each loop closes its own.
         */
        void closeAll(String host, int port, Throwable cause, IntConsumer closed) {
            for (Http1Upstreams pool : all) {
                pool.loop.execute(() -> closed.accept(pool.closeAll(host, port, cause)));
            }
        }
    }

    private final EventLoop loop;
    private final Settings settings;
    private final Map<Target, Pool> pools = new HashMap<>();

    Http1Upstreams(EventLoop loop, Settings settings) {
        this.loop = loop;
        this.settings = settings;
        loop.schedule(this::closeExpired, settings.keepAliveMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Closes the idle connections unused for the keep-alive time, then runs again when the next one will have been. An
     * idle deque has its least recently used connection last, so each pool is read from the end until a younger one.
     */
    private void closeExpired() {
        long now = System.nanoTime();
        long keepAlive = TimeUnit.MILLISECONDS.toNanos(settings.keepAliveMillis());
        long next = keepAlive;
        for (Pool pool : pools.values()) {
            Connection oldest;
            while ((oldest = pool.idle.peekLast()) != null) {
                long waited = now - oldest.idleSince;
                if (waited < keepAlive) {
                    next = Math.min(next, keepAlive - waited);
                    break;
                }
                pool.idle.pollLast();
                oldest.idle = false;
                oldest.channel.close();
            }
        }
        loop.schedule(this::closeExpired, Math.max(next, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
    }

    /**
     * Calls {@code ready} with a connection to {@code target} (idle, new, or the next one freed), or {@code failed}
     * when a new one cannot be opened. Must be called on this pool's event loop.
     */
    void acquire(Target target, Consumer<Connection> ready, Consumer<Throwable> failed) {
        Pool pool = pools.computeIfAbsent(target, t -> new Pool());
        Connection connection;
        while ((connection = pool.idle.pollFirst()) != null) {
            if (connection.channel.isActive()) {
                connection.idle = false;
                ready.accept(connection);
                return;
            }
        }
        if (pool.total < settings.poolSize()) {
            open(target, pool, ready, failed);
        } else {
            pool.waiting.addLast(new Waiter(ready, failed));
        }
    }

    private void open(Target target, Pool pool, Consumer<Connection> ready, Consumer<Throwable> failed) {
        pool.total++;
        settings.guard().resolve(loop, target.host(), target.port(), HopSpan.NONE).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                pool.total--;
                failed.accept(resolved.cause());
                openForWaiter(target, pool);
                return;
            }
            connect(target, pool, (InetSocketAddress) resolved.getNow(), ready, failed);
        });
    }

    private void connect(Target target, Pool pool, InetSocketAddress address, Consumer<Connection> ready,
            Consumer<Throwable> failed) {
        Connection connection = new Connection(target, pool);
        Bootstrap bootstrap = new Bootstrap().group(loop).channelFactory(settings.channelFactory())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, settings.connectTimeoutMillis())
                .handler(connection);
        if (target.dscp() != null) {
            bootstrap.option(ChannelOption.IP_TOS, UpstreamClients.trafficClass(target.dscp()));
        }
        ChannelFuture connecting = target.overWan() && settings.wanSource() != null
                ? bootstrap.connect(address, settings.wanSource())
                : bootstrap.connect(address);
        connecting.addListener(done -> {
            if (!connecting.isSuccess()) {
                pool.total--;
                failed.accept(connecting.cause());
                openForWaiter(target, pool);
                return;
            }
            connection.channel = connecting.channel();
            pool.all.add(connection);
            settings.connectionOpened().run();
            ready.accept(connection);
        });
    }

    /** Closes this loop's connections to {@code host:port}; returns how many. */
    private int closeAll(String host, int port, Throwable cause) {
        int closed = 0;
        for (Map.Entry<Target, Pool> entry : pools.entrySet()) {
            Target target = entry.getKey();
            if (target.port() != port || !target.host().equals(host)) {
                continue;
            }
            for (Connection connection : List.copyOf(entry.getValue().all)) {
                if (connection.cause == null) {
                    connection.cause = cause;
                }
                connection.channel.close();
                closed++;
            }
        }
        return closed;
    }

    private void release(Connection connection) {
        Pool pool = connection.pool;
        Waiter waiter = pool.waiting.pollFirst();
        if (waiter != null) {
            waiter.ready().accept(connection);
            return;
        }
        connection.idle = true;
        connection.idleSince = System.nanoTime();
        pool.idle.addFirst(connection);
    }

    /** A connection closed: its place in the pool is free for a queued request. */
    private void gone(Connection connection) {
        Pool pool = connection.pool;
        pool.total--;
        pool.all.remove(connection);
        if (connection.idle) {
            pool.idle.remove(connection);
        }
        openForWaiter(connection.target, pool);
    }

    private void openForWaiter(Target target, Pool pool) {
        Waiter waiter = pool.waiting.pollFirst();
        if (waiter != null) {
            open(target, pool, waiter.ready(), waiter.failed());
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;

/**
 * The data plane's connections to peer gateways by address, so that when a path goes down every connection over it
 * is closed at once (DESIGN D5): a request waiting on a blackholed tunnel is retried on the next one instead of
 * waiting for its timeout, and a long-lived TCP connection or gRPC stream is closed so its client reconnects onto the
 * tunnel in use. Tracks the full HTTP client's connections here and asks the HTTP/1.1 relay's pools for theirs.
 */
final class PathConnections {
    private static final Logger LOGGER = Logger.getLogger(PathConnections.class);
    /** A failure this soon after its path was closed is the close's doing, not the peer's. */
    private static final long CLOSED_RECENTLY_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** What a connection closed because its path went down ends with. */
    static final class PathDownException extends java.io.IOException {
        PathDownException(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final Map<String, Set<HttpConnection>> byAddress = new ConcurrentHashMap<>();
    /** Connections the data plane opened itself, below Vert.x (the HTTP/2 relay's, the TCP tunnels). */
    private final Map<String, Set<Channel>> channelsByAddress = new ConcurrentHashMap<>();
    private final Map<String, Set<Consumer<PathDownException>>> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> closedAt = new ConcurrentHashMap<>();
    private final TrafficMetrics metrics;
    private volatile Http1Upstreams.Registry relay;

    PathConnections(TrafficMetrics metrics) {
        this.metrics = metrics;
    }

    void relay(Http1Upstreams.Registry registry) {
        this.relay = registry;
    }

    /** Remembers a connection of the full HTTP client to a peer gateway until it closes. */
    void track(Target target, HttpConnection connection) {
        if (!target.overWan()) {
            return;
        }
        Set<HttpConnection> connections = byAddress.computeIfAbsent(key(target.host(), target.port()),
                k -> ConcurrentHashMap.newKeySet());
        if (connections.add(connection)) {
            connection.closeHandler(v -> connections.remove(connection));
        }
    }

    /** Remembers a Netty connection to a peer gateway until it closes. */
    void track(Target target, Channel channel) {
        if (!target.overWan()) {
            return;
        }
        Set<Channel> channels = channelsByAddress.computeIfAbsent(key(target.host(), target.port()),
                k -> ConcurrentHashMap.newKeySet());
        if (channels.add(channel)) {
            channel.closeFuture().addListener(f -> channels.remove(channel));
        }
    }

    /**
     * Remembers an attempt still waiting for a connection to a peer gateway (an HTTP/2 connection is only handed out
     * once the peer's SETTINGS arrived, which a blackholed tunnel never delivers): {@code onPathDown} is called when the
     * path is closed before the connection was. The returned handle forgets the attempt; call it once the connection
     * is there or the attempt failed.
     */
    Runnable pending(Target target, Consumer<PathDownException> onPathDown) {
        if (!target.overWan()) {
            return () -> {
            };
        }
        Set<Consumer<PathDownException>> waiting = pending.computeIfAbsent(key(target.host(), target.port()),
                k -> ConcurrentHashMap.newKeySet());
        waiting.add(onPathDown);
        return () -> waiting.remove(onPathDown);
    }

    /** Closes every connection to {@code host:port}; {@code why} ends their requests and goes to the log. */
    void closeAll(String host, int port, String why) {
        String key = key(host, port);
        closedAt.put(key, System.nanoTime());
        PathDownException cause = new PathDownException(why);
        AtomicInteger closed = new AtomicInteger();
        Set<HttpConnection> connections = byAddress.getOrDefault(key, Set.of());
        for (HttpConnection connection : Set.copyOf(connections)) {
            connections.remove(connection);
            connection.close();
            closed.incrementAndGet();
        }
        Set<Channel> channels = channelsByAddress.getOrDefault(key, Set.of());
        for (Channel channel : Set.copyOf(channels)) {
            channels.remove(channel);
            channel.pipeline().fireExceptionCaught(cause);
            channel.close();
            closed.incrementAndGet();
        }
        for (Consumer<PathDownException> waiting : Set.copyOf(pending.getOrDefault(key, Set.of()))) {
            if (pending.getOrDefault(key, Set.of()).remove(waiting)) {
                waiting.accept(cause);
                closed.incrementAndGet();
            }
        }
        metrics.closedForPathDown(closed.get());
        Http1Upstreams.Registry registry = relay;
        if (registry != null) {
            registry.closeAll(host, port, cause, n -> {
                if (n > 0) {
                    metrics.closedForPathDown(n);
                    LOGGER.infof("closed %d relay connections to %s: %s", n, key, why);
                }
            });
        }
        if (closed.get() > 0) {
            LOGGER.infof("closed %d connections to %s: %s", closed.get(), key, why);
        }
    }

    /** Whether {@code target}'s path was closed in the last seconds: a failure now is the close's doing. */
    boolean closedRecently(Target target) {
        Long at = closedAt.get(key(target.host(), target.port()));
        return at != null && System.nanoTime() - at < CLOSED_RECENTLY_NANOS;
    }

    private static String key(String host, int port) {
        return host + ":" + port;
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.l7mp.mcw.api.net.AllowedNetworks;
import io.l7mp.mcw.eventbus.config.NetworkConfig;
import io.l7mp.mcw.gateway.app.PathHealthHolder;
import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.EgressListener;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Opens and closes the data plane's listeners as the route table changes: one HTTP server (HTTP/1.1, h2c, CONNECT)
 * per ingress port, one HTTP or TCP server per egress port, plus the Host-routing HTTP listener. Each snapshot is
 * diffed against what is open, so a change to one listener never disturbs the others.
 * <p>
 * Every listener is opened on {@code mcw.gateway.event-loops} event loops at once (Vert.x shares the port and hands
 * connections to them in turn), and a request is forwarded on the loop its connection arrived on, with that loop's
 * upstream pool ({@link UpstreamClients}): one request never changes threads, and a gateway uses every core. The
 * listeners served at Netty level (the HTTP/1.1 relay, the opaque TCP egress listeners) use all of Vert.x' event loops
 * the same way.
 */
@ApplicationScoped
public class ListenerManager {
    private static final Logger LOGGER = Logger.getLogger(ListenerManager.class);
    /** Where the full HTTP servers behind the relay listen. */
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * What an open listener serves; used to notice an egress port that changed its kind.
     *
     * @param servers one per event loop the port is served on; empty while opening
     */
    public record OpenListener(String direction, int port, String protocol, List<?> servers) {
        public OpenListener {
            servers = List.copyOf(servers);
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    RouteTableHolder holder;

    @Inject
    UpstreamClients clients;

    @Inject
    TrafficMetrics metrics;

    @Inject
    NetworkConfig network;

    @Inject
    PathSignals signals;

    @Inject
    PathHealthHolder pathHealth;

    /** Quarkus' SDK: the data plane's spans. */
    @Inject
    OpenTelemetry openTelemetry;

    /**
     * With the SDK disabled, Quarkus still hands out an SDK, one without processors that samples and records every
     * span only to drop it: the data plane would pay for spans nobody gets and replace every caller's traceparent.
     * The no-op API records nothing and leaves the trace fields alone, as the setting promises.
     */
    @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false")
    boolean tracingDisabled;

    private final Map<Integer, OpenListener> ingress = new HashMap<>();
    private final Map<Integer, OpenListener> egress = new HashMap<>();
    /** Listeners that could not be opened, with the reason; cleared when the port opens or is no longer wanted. */
    private final Map<ListenerKey, String> failures = new HashMap<>();

    private record ListenerKey(String direction, int port) {
        @Override
        public String toString() {
            return direction + " " + port;
        }
    }

    /**
     * HTTP/2 between the relay and its clients and upstreams: a stream's receive window (as gRPC's own default: a
     * message of a MiB or less crosses without waiting for a window update), a connection's (four streams' worth,
     * so that one slow stream cannot stall the others), and the streams per connection (Vert.x' and many servers'
     * default limit). Each bounds what a gateway holds for a slow reader: a stream window per stream and hop.
     */
    static final int H2_STREAM_WINDOW = 1024 * 1024;
    static final int H2_CONNECTION_WINDOW = 4 * H2_STREAM_WINDOW;
    static final int H2_MAX_STREAMS = 100;

    private DataPlaneContext context;
    private Http1Upstreams.Registry upstreams;
    private Http2Upstreams.Registry upstreams2;
    private PathConnections paths;
    private TcpSettings tcp;
    private ProbeResponders probes;
    private volatile int hostRoutingPort = -1;

    /** Opens the Host-routing listener, then follows the route table. */
    public synchronized void start() {
        LOGGER.infof("data plane transport=%s event-loops-per-listener=%d", vertx.isNativeTransportEnabled()
                ? "native (epoll)"
                : "nio (native transport unavailable: " + vertx.unavailableNativeTransportCause() + ")",
                eventLoops(1));
        RetryPolicy retry = new RetryPolicy(config.maxAttempts());
        VertxInternal internal = (VertxInternal) vertx;
        AllowedNetworks allowed = network.allowedNetworks();
        LOGGER.infof("dialling only addresses in mcw.network.allowed-cidrs=%s; WAN source address %s", allowed,
                network.wanSourceAddress().orElse("chosen by the kernel"));
        DialGuard guard = new DialGuard(allowed, internal.nettyAddressResolverGroup(), metrics);
        paths = new PathConnections(metrics);
        context = new DataPlaneContext(holder, clients,
                new HttpForwarder(clients, guard, paths, signals, retry, config.requestTimeout().toMillis(),
                        config.maxBodySize(), config.replayBufferSize()),
                retry, config, metrics, guard, paths, signals,
                new HopTracer(tracingDisabled ? OpenTelemetry.noop() : openTelemetry, pathHealth));
        upstreams = new Http1Upstreams.Registry(new Http1Upstreams.Settings(internal.transport().channelFactory(false),
                guard, network.wanSourceAddress().map(a -> new InetSocketAddress(a, 0)).orElse(null),
                (int) config.connectTimeout().toMillis(), config.upstreamKeepAliveTimeout().toMillis(),
                config.poolSize(), () -> metrics.upstreamConnectionOpened(TrafficMetrics.HTTP1)));
        paths.relay(upstreams);
        upstreams2 = new Http2Upstreams.Registry(new Http2Upstreams.Settings(
                internal.transport().channelFactory(false), guard, this::clientCodec,
                network.wanSourceAddress().map(a -> new InetSocketAddress(a, 0)).orElse(null),
                (int) config.connectTimeout().toMillis(), config.upstreamKeepAliveTimeout().toMillis(),
                config.poolSize(), H2_MAX_STREAMS, H2_CONNECTION_WINDOW,
                () -> metrics.upstreamConnectionOpened(TrafficMetrics.H2C), paths::track));
        tcp = new TcpSettings(internal.transport().channelFactory(false),
                network.wanSourceAddress().map(a -> new InetSocketAddress(a, 0)).orElse(null),
                (int) config.connectTimeout().toMillis(), config.idleTimeout().toMillis(), config.maxHeaderSize());
        probes = new ProbeResponders(vertx, config.ingressHost(), metrics);
        LOGGER.infof("HTTP/1.1 relay=%s (mcw.gateway.http1-relay)", config.http1Relay() ? "on" : "off");
        EgressHttpHandler hostRouting = new EgressHttpHandler(null, context);
        listenHttp(TrafficMetrics.EGRESS, config.egressHttpPort(), config.egressHost(), hostRouting)
                .onSuccess(servers -> {
                    hostRoutingPort = port(servers.get(0));
                    LOGGER.infof("listening direction=egress port=%d protocol=http routing=host", hostRoutingPort);
                }).onFailure(e -> LOGGER.errorf("cannot open the Host-routing listener port=%d: %s", config.egressHttpPort(),
                        e.getMessage()));
        holder.subscribe(this::apply);
        apply(holder.current());
    }

    /** The port of the Host-routing listener once open, else -1. */
    public int hostRoutingPort() {
        return hostRoutingPort;
    }

    /**
     * What the readiness check reports.
     *
     * @param hostRoutingOpen whether the Host-routing listener is open
     * @param open listeners serving now
     * @param opening listeners the route table asks for that are still being opened
     * @param failed listeners that could not be opened ("direction port" to the reason)
     */
    public record Status(boolean hostRoutingOpen, int open, int opening, Map<String, String> failed) {
        public Status {
            failed = Map.copyOf(failed);
        }
    }

    public synchronized Status status() {
        int open = 0;
        int opening = 0;
        for (OpenListener listener : open()) {
            if (listener.servers().isEmpty()) {
                opening++;
            } else {
                open++;
            }
        }
        Map<String, String> failed = new TreeMap<>();
        failures.forEach((key, reason) -> failed.put(key.toString(), reason));
        return new Status(hostRoutingPort > 0, open, opening, failed);
    }

    /** Listeners open now, by direction and port. */
    public synchronized List<OpenListener> open() {
        Map<String, OpenListener> all = new TreeMap<>();
        ingress.values().forEach(l -> all.put("a" + String.format(Locale.ROOT, "%05d", l.port()), l));
        egress.values().forEach(l -> all.put("b" + String.format(Locale.ROOT, "%05d", l.port()), l));
        return List.copyOf(all.values());
    }

    /** Diffs the table's ports against the open listeners: closes the gone, opens the new. */
    public synchronized void apply(RouteTable table) {
        if (context == null) {
            return;
        }
        Map<Integer, String> wantedIngress = new HashMap<>();
        table.ingressPorts().forEach(p -> wantedIngress.put(p, "http+connect"));
        Map<Integer, String> wantedEgress = new HashMap<>();
        table.egressListeners().values().stream().filter(l -> "TCP".equalsIgnoreCase(l.protocol()))
                .forEach(l -> wantedEgress.put(l.port(), isOpaqueTcp(l) ? "tcp" : "http"));
        failures.keySet().removeIf(key -> !(TrafficMetrics.INGRESS.equals(key.direction()) ? wantedIngress
                : wantedEgress).containsKey(key.port()));
        probes.apply(table.ingressPorts());
        reconcile(ingress, wantedIngress, TrafficMetrics.INGRESS, this::openIngress);
        reconcile(egress, wantedEgress, TrafficMetrics.EGRESS, p -> openEgress(p, wantedEgress.get(p)));
    }

    /**
     * The domain has no notion of opaque TCP ports: a port named {@code tcp} or {@code tcp-*} is piped as bytes
     * through CONNECT; every other TCP port is proxied as HTTP (HTTP/1.1, h2c, gRPC).
     */
    static boolean isOpaqueTcp(EgressListener listener) {
        String name = listener.portName();
        return name != null && name.toLowerCase(Locale.ROOT).startsWith("tcp");
    }

    private void reconcile(Map<Integer, OpenListener> open, Map<Integer, String> wanted, String direction,
            Function<Integer, Future<List<Object>>> opener) {
        Set<Integer> ports = Set.copyOf(open.keySet());
        for (Integer port : ports) {
            OpenListener listener = open.get(port);
            if (!Objects.equals(wanted.get(port), listener.protocol())) {
                open.remove(port);
                close(listener);
            }
        }
        wanted.forEach((port, protocol) -> {
            if (!open.containsKey(port)) {
                open.put(port, new OpenListener(direction, port, protocol, List.of()));
                opener.apply(port).onSuccess(server -> record(open, direction, port, protocol, server))
                        .onFailure(e -> failed(open, direction, port, e));
            }
        });
    }

    private synchronized void record(Map<Integer, OpenListener> open, String direction, int port, String protocol,
            List<?> servers) {
        OpenListener placeholder = open.get(port);
        if (placeholder != null && placeholder.servers().isEmpty() && placeholder.protocol().equals(protocol)) {
            open.put(port, new OpenListener(direction, port, protocol, servers));
            failures.remove(new ListenerKey(direction, port));
            long full = servers.stream().filter(server -> !(server instanceof RelayServer)).count();
            boolean relay = full < servers.size();
            String behind = full == 0 ? "" : " (HTTP/1.1 relay; " + full + " full HTTP servers behind it on loopback)";
            LOGGER.infof("listening direction=%s port=%d protocol=%s event-loops=%s", direction, port, protocol,
                    relay ? "all" + behind : full);
        } else {
            close(new OpenListener(direction, port, protocol, servers));
        }
    }

    private synchronized void failed(Map<Integer, OpenListener> open, String direction, int port, Throwable e) {
        open.remove(port);
        failures.put(new ListenerKey(direction, port), String.valueOf(e.getMessage()));
        LOGGER.errorf("cannot listen direction=%s port=%d: %s (retried on the next table change)", direction, port,
                e.getMessage());
    }

    private void close(OpenListener listener) {
        LOGGER.infof("closing listener direction=%s port=%d protocol=%s", listener.direction(), listener.port(),
                listener.protocol());
        for (Object server : listener.servers()) {
            if (server instanceof RelayServer relay) {
                relay.close();
            } else if (server instanceof HttpServer http) {
                http.close();
            }
        }
    }

    private Future<List<Object>> openIngress(int port) {
        // one handler for all loops: its round robin over the backends spans every connection of the port
        IngressHandler handler = new IngressHandler(port, context);
        return listenHttp(TrafficMetrics.INGRESS, port, config.ingressHost(), handler);
    }

    private Future<List<Object>> openEgress(int port, String protocol) {
        if ("tcp".equals(protocol)) {
            return listenTcp(port, config.egressHost());
        }
        EgressHttpHandler handler = new EgressHttpHandler(port, context);
        return listenHttp(TrafficMetrics.EGRESS, port, config.egressHost(), handler);
    }

    /** How many event loops serve each listener: the configured number, else one per core; one for port 0. */
    int eventLoops(int port) {
        if (port == 0) {
            // every server on port 0 would get a port of its own
            return 1;
        }
        int configured = config.eventLoops();
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /**
     * An HTTP listener: with the relay on (and, for egress, HTTP/1.1 between gateways), the {@link Http1Relay} on
     * the port and the full HTTP servers on loopback ports behind it, for the connections it hands over; else the
     * full HTTP servers on the port.
     */
    private <H extends Handler<HttpServerRequest> & Http1Relay.Router & Http2Relay.Router> Future<List<Object>> listenHttp(
            String direction, int port, String host, H handler) {
        boolean relay = config.http1Relay() && (TrafficMetrics.INGRESS.equals(direction)
                || config.tunnelProtocol() == GatewayConfig.TunnelProtocol.HTTP1);
        if (!relay) {
            return onEventLoops(eventLoops(port), () -> httpServer(direction, true).requestHandler(handler)
                    .listen(port, host).map(server -> (Object) server));
        }
        return onEventLoops(eventLoops(port), () -> httpServer(direction, false).requestHandler(handler)
                .listen(0, LOOPBACK).map(server -> (Object) server)).compose(fallback -> {
                    int[] ports = fallback.stream().mapToInt(ListenerManager::port).toArray();
                    return relay(direction, port, host, handler, ports).map(server -> {
                        List<Object> all = new ArrayList<>();
                        all.add(server);
                        all.addAll(fallback);
                        return all;
                    }).onFailure(e -> close(new OpenListener(direction, port, "failed", fallback)));
                });
    }

    /**
     * A listening socket served at Netty level (the relay's, an opaque TCP listener's) and the connections it accepted,
     * closed together.
     */
    private record RelayServer(Channel channel, ChannelGroup connections) {
        void close() {
            channel.close();
            connections.close();
        }
    }

    private <R extends Http1Relay.Router & Http2Relay.Router> Future<RelayServer> relay(String direction, int port,
            String host, R router, int[] fallback) {
        VertxInternal internal = (VertxInternal) vertx;
        Http1Relay.Takeover http2 = Http2Relay.takeover(new Http2Relay.Settings(direction, router, fallback,
                TrafficMetrics.INGRESS.equals(direction), this::serverCodec, H2_CONNECTION_WINDOW, upstreams2,
                context.retry(), signals, paths, config.requestTimeout().toMillis(), config.idleTimeout().toMillis(),
                config.maxBodySize()));
        // an ingress serves CONNECT itself (ADR 0021); an egress listener gets none from the gateway's clients
        Http1Relay.Takeover connect = TrafficMetrics.INGRESS.equals(direction) && router instanceof IngressHandler ingress
                ? new IngressConnect(ingress, context, tcp)
                : null;
        Http1Relay.Settings settings = new Http1Relay.Settings(direction, router, connect, http2, fallback,
                config.maxHeaderSize(),
                config.replayBufferSize(), config.requestTimeout().toMillis(), config.idleTimeout().toMillis(),
                context.retry(), metrics,
                internal.transport().channelFactory(false), upstreams, signals);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(internal.getAcceptorEventLoopGroup(), internal.getEventLoopGroup())
                .channelFactory(internal.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new Http1Relay(settings));
                    }
                });
        return bind(bootstrap, host, port, connections);
    }

    private static Future<RelayServer> bind(ServerBootstrap bootstrap, String host, int port,
            ChannelGroup connections) {
        Promise<RelayServer> bound = Promise.promise();
        bootstrap.bind(host, port).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                bound.complete(new RelayServer(f.channel(), connections));
            } else {
                bound.fail(f.cause());
            }
        });
        return bound.future();
    }

    /** The HTTP/2 codec of a client connection the relay serves as HTTP/2. */
    private Http2FrameCodec serverCodec() {
        return Http2FrameCodecBuilder.forServer().initialSettings(Http2Settings.defaultSettings()
                .maxConcurrentStreams(H2_MAX_STREAMS).initialWindowSize(H2_STREAM_WINDOW)
                .maxHeaderListSize(config.maxHeaderSize())).build();
    }

    /** The HTTP/2 codec of an upstream h2c connection of the relay. */
    private Http2FrameCodec clientCodec() {
        return Http2FrameCodecBuilder.forClient().initialSettings(Http2Settings.defaultSettings().pushEnabled(false)
                .initialWindowSize(H2_STREAM_WINDOW).maxHeaderListSize(config.maxHeaderSize()))
                .encoderEnforceMaxConcurrentStreams(true).build();
    }

    private static int port(Object server) {
        if (server instanceof RelayServer relay) {
            return ((InetSocketAddress) relay.channel().localAddress()).getPort();
        }
        return ((HttpServer) server).actualPort();
    }

    /**
     * An opaque TCP listener, at Netty level on all of Vert.x' event loops as the relay is: each connection gets its
     * {@link EgressTcpHandler}, reads nothing until its tunnel is open, and may half-close (ADR 0021).
     */
    private Future<List<Object>> listenTcp(int port, String host) {
        VertxInternal internal = (VertxInternal) vertx;
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(internal.getAcceptorEventLoopGroup(), internal.getEventLoopGroup())
                .channelFactory(internal.transport().serverChannelFactory(false))
                .option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.add(channel);
                        channel.pipeline().addLast(new EgressTcpHandler(port, context, tcp));
                    }
                });
        return bind(bootstrap, host, port, connections).map(server -> List.<Object> of(server));
    }

    /**
     * Runs {@code listen} on as many fresh event-loop contexts as {@link #eventLoops} says. The contexts belong to no
     * verticle, so nothing closes the servers but {@link #close}, and an upstream client created on one of them lives
     * as long as the gateway. If one server fails to listen, the others are closed and the listener fails.
     */
    private Future<List<Object>> onEventLoops(int loops, Supplier<Future<Object>> listen) {
        List<Future<Object>> started = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            ContextInternal loop = ((VertxInternal) vertx).createEventLoopContext();
            Promise<Object> promise = Promise.promise();
            loop.runOnContext(v -> listen.get().onComplete(promise));
            started.add(promise.future());
        }
        return Future.join(started).transform(all -> {
            List<Object> servers = new ArrayList<>();
            started.stream().filter(Future::succeeded).forEach(f -> servers.add(f.result()));
            if (all.succeeded()) {
                return Future.succeededFuture(servers);
            }
            close(new OpenListener("failed", 0, "", servers));
            return Future.failedFuture(started.stream().filter(Future::failed).findFirst().orElseThrow().cause());
        });
    }

    /**
     * HTTP/1.1 and h2c (upgrade and prior knowledge), no TLS, the configured header limit and idle timeout; no
     * tracing of Vert.x' own: the handlers make one span per request ({@link HopTracer}) and send one traceparent on.
     */
    private HttpServer httpServer(String direction, boolean counted) {
        HttpServerOptions options = new HttpServerOptions().setUseAlpn(false).setHttp2ClearTextEnabled(true)
                .setMaxHeaderSize(config.maxHeaderSize())
                .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTracingPolicy(TracingPolicy.IGNORE)
                // WebSocket upgrades are not forwarded (Upgrade is a hop-by-hop field), so the compression extension
                // handler Vert.x would put in every connection's pipeline only costs a step per message
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false);
        if (!counted) {
            // behind the relay, which counts the client's connection
            return vertx.createHttpServer(options);
        }
        return vertx.createHttpServer(options).connectionHandler(connection -> {
            metrics.connectionOpened(direction);
            connection.closeHandler(v -> metrics.connectionClosed(direction));
        });
    }

    /**
     * Closes every connection of the data plane to a peer gateway's {@code host:port}: its tunnel went down, and the
     * requests and streams on it are retried or reconnect on the tunnel in use.
     */
    public void closePath(String host, int port, String why) {
        PathConnections current = paths;
        if (current != null) {
            current.closeAll(host, port, why);
        }
    }

    /** The UDP probe echo ports open now. */
    public synchronized Set<Integer> probePorts() {
        return probes == null ? Set.of() : probes.open();
    }

    /** Closes every listener (shutdown). */
    public synchronized void stop() {
        if (probes != null) {
            probes.close();
        }
        ingress.values().forEach(this::close);
        egress.values().forEach(this::close);
        ingress.clear();
        egress.clear();
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.EgressListener;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Opens and closes the data plane's listeners as the route table changes: one HTTP server (HTTP/1.1, h2c, CONNECT)
 * per ingress port, one HTTP or TCP server per egress port, plus the Host-routing HTTP listener. Each snapshot is
 * diffed against what is open, so a change to one listener never disturbs the others.
 */
@ApplicationScoped
public class ListenerManager {
    private static final Logger LOGGER = Logger.getLogger(ListenerManager.class);

    /** What an open listener serves; used to notice an egress port that changed its kind. */
    public record OpenListener(String direction, int port, String protocol, Object server) {
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

    private final Map<Integer, OpenListener> ingress = new HashMap<>();
    private final Map<Integer, OpenListener> egress = new HashMap<>();
    private DataPlaneContext context;
    private volatile int hostRoutingPort = -1;

    /** Opens the Host-routing listener, then follows the route table. */
    public synchronized void start() {
        RetryPolicy retry = new RetryPolicy(config.maxAttempts());
        context = new DataPlaneContext(holder, clients,
                new HttpForwarder(clients, retry, config.requestTimeout().toMillis()), retry, config, metrics);
        HttpServer hostRouting = httpServer(TrafficMetrics.EGRESS)
                .requestHandler(new EgressHttpHandler(null, context));
        hostRouting.listen(config.egressHttpPort(), config.egressHost()).onSuccess(s -> {
            hostRoutingPort = s.actualPort();
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
            Function<Integer, Future<?>> opener) {
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
                open.put(port, new OpenListener(direction, port, protocol, null));
                opener.apply(port).onSuccess(server -> record(open, direction, port, protocol, server))
                        .onFailure(e -> failed(open, direction, port, e));
            }
        });
    }

    private synchronized void record(Map<Integer, OpenListener> open, String direction, int port, String protocol,
            Object server) {
        OpenListener placeholder = open.get(port);
        if (placeholder != null && placeholder.server() == null && placeholder.protocol().equals(protocol)) {
            open.put(port, new OpenListener(direction, port, protocol, server));
            LOGGER.infof("listening direction=%s port=%d protocol=%s", direction, port, protocol);
        } else {
            close(new OpenListener(direction, port, protocol, server));
        }
    }

    private synchronized void failed(Map<Integer, OpenListener> open, String direction, int port, Throwable e) {
        open.remove(port);
        LOGGER.errorf("cannot listen direction=%s port=%d: %s (retried on the next table change)", direction, port,
                e.getMessage());
    }

    private void close(OpenListener listener) {
        LOGGER.infof("closing listener direction=%s port=%d protocol=%s", listener.direction(), listener.port(),
                listener.protocol());
        if (listener.server() instanceof HttpServer http) {
            http.close();
        } else if (listener.server() instanceof NetServer net) {
            net.close();
        }
    }

    private Future<?> openIngress(int port) {
        return httpServer(TrafficMetrics.INGRESS).requestHandler(new IngressHandler(port, context))
                .listen(port, config.ingressHost());
    }

    private Future<?> openEgress(int port, String protocol) {
        if ("tcp".equals(protocol)) {
            NetServerOptions options = new NetServerOptions()
                    .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            return vertx.createNetServer(options).connectHandler(new EgressTcpHandler(port, context))
                    .listen(port, config.egressHost());
        }
        return httpServer(TrafficMetrics.EGRESS).requestHandler(new EgressHttpHandler(port, context))
                .listen(port, config.egressHost());
    }

    /**
     * HTTP/1.1 and h2c (upgrade and prior knowledge), no TLS, the configured header limit and idle timeout; no
     * tracing of its own, so the client's traceparent reaches the backend as sent.
     */
    private HttpServer httpServer(String direction) {
        HttpServerOptions options = new HttpServerOptions().setUseAlpn(false).setHttp2ClearTextEnabled(true)
                .setMaxHeaderSize(config.maxHeaderSize())
                .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setTracingPolicy(TracingPolicy.IGNORE);
        return vertx.createHttpServer(options).connectionHandler(connection -> {
            metrics.connectionOpened(direction);
            connection.closeHandler(v -> metrics.connectionClosed(direction));
        });
    }

    /** Closes every listener (shutdown). */
    public synchronized void stop() {
        ingress.values().forEach(this::close);
        egress.values().forEach(this::close);
        ingress.clear();
        egress.clear();
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.l7mp.mcw.eventbus.config.NetworkConfig;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.tracing.TracingPolicy;

/**
 * Keep-alive clients towards upstreams. Vert.x pools connections per server address inside a client; a client is
 * kept per protocol and DSCP value, since the traffic class is a socket option fixed when the connection opens, per
 * direction (connections to peer gateways leave from {@code mcw.network.wan-source-address}), and per event loop: a
 * client is only ever used on the loop that created it, so its connections live on that loop and a forwarded request
 * and its response never change threads (a pool shared by all loops hands a request a connection of another loop,
 * and every event then hops between threads).
 * <p>
 * The pool sizes are set with {@link PoolOptions}: Vert.x' client builder ignores the ones of
 * {@link HttpClientOptions} and would cap every pool at 5 HTTP/1.1 connections (and one HTTP/2 connection), which
 * capped the TCP flows through a gateway pair at 10.
 */
// @Singleton, not @ApplicationScoped: it is called on every request, and a client proxy costs a context lookup
@Singleton
public class UpstreamClients {
    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    TrafficMetrics metrics;

    @Inject
    NetworkConfig network;

    /** What a client is kept for: the thread (event loop) that uses it, the protocol, the DSCP value, the direction. */
    private record Key(Thread loop, boolean http2, Integer dscp, boolean overWan) {
    }

    private final Map<Key, HttpClient> http = new ConcurrentHashMap<>();
    private final Map<Key, NetClient> net = new ConcurrentHashMap<>();

    /**
     * The calling event loop's HTTP client: HTTP/2 with prior knowledge (h2c) when {@code http2}, else HTTP/1.1.
     */
    public HttpClient http(boolean http2, Integer dscp, boolean overWan) {
        return http.computeIfAbsent(new Key(Thread.currentThread(), http2, dscp, overWan), k -> {
            HttpClientOptions options = new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                    // the pool lets an unused connection go before the server's keep-alive timeout would
                    .setKeepAliveTimeout(keepAliveSeconds()).setHttp2KeepAliveTimeout(keepAliveSeconds());
            options.setTrafficClass(trafficClass(dscp));
            if (overWan) {
                network.wanSourceAddress().ifPresent(options::setLocalAddress);
            }
            // The trace context passes through untouched: a tracer here would append a second traceparent.
            options.setTracingPolicy(TracingPolicy.IGNORE);
            if (http2) {
                options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
            }
            String protocol = http2 ? TrafficMetrics.H2C : TrafficMetrics.HTTP1;
            PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.poolSize()).setHttp2MaxSize(config.poolSize());
            return vertx.httpClientBuilder().with(options).with(pool)
                    .withConnectHandler(connection -> metrics.upstreamConnectionOpened(protocol)).build();
        });
    }

    /** The calling event loop's TCP client to local backends (ingress CONNECT). */
    public NetClient net(Integer dscp) {
        return net.computeIfAbsent(new Key(Thread.currentThread(), false, dscp, false), k -> {
            NetClientOptions options = new NetClientOptions()
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setIdleTimeout((int) config.idleTimeout().toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
            options.setTrafficClass(trafficClass(dscp));
            return vertx.createNetClient(options);
        });
    }

    private int keepAliveSeconds() {
        return (int) Math.max(1, config.upstreamKeepAliveTimeout().toSeconds());
    }

    /** DSCP sits in the upper six bits of the IP traffic class; -1 leaves the socket's default. */
    static int trafficClass(Integer dscp) {
        return dscp == null ? -1 : dscp << 2;
    }

    @PreDestroy
    void close() {
        http.values().forEach(HttpClient::close);
        net.values().forEach(NetClient::close);
    }
}

package io.l7mp.mcw.gateway.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the gateway's data plane (DESIGN D4): where it binds, its timeouts and its limits. */
@ConfigMapping(prefix = "mcw.gateway")
public interface GatewayConfig {
    /** Address the ingress listeners (one per accepted local WAN policy port) bind to. */
    @WithDefault("0.0.0.0")
    String ingressHost();

    /** Address the egress listeners (one per imported service port, plus Host routing) bind to. */
    @WithDefault("0.0.0.0")
    String egressHost();

    /** Port of the egress listener that routes HTTP by Host / :authority; 0 picks a free port. */
    @WithDefault("15080")
    int egressHttpPort();

    /** Time to open a connection to an upstream (remote ingress gateway or local backend). */
    @WithDefault("2s")
    Duration connectTimeout();

    /** A connection with no bytes in either direction for this long is closed. */
    @WithDefault("60s")
    Duration idleTimeout();

    /**
     * How long a pooled upstream connection may sit unused before the gateway closes it. Keep it below the upstreams'
     * own keep-alive timeout (a peer gateway's listeners close after {@link #idleTimeout}), so that the gateway closes
     * an idle connection rather than race the server's close with a new request on it. Requests that lose such a race
     * anyway are sent once more on a new connection when they are idempotent.
     */
    @WithDefault("45s")
    Duration upstreamKeepAliveTimeout();

    /** Time from sending a request upstream to its response headers; past it the client gets 504. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Largest request header block accepted; larger requests are answered 431. */
    @WithDefault("8192")
    int maxHeaderSize();

    /**
     * Largest request body accepted: a larger declared Content-Length is answered 413 at once; a body without one is
     * cut off with 413 (or a reset, once the response has started) when it passes the limit while streaming.
     */
    @WithDefault("10485760")
    long maxBodySize();

    /**
     * Request bodies up to this many bytes are kept while they stream upstream, so that a request reset before any
     * response byte can be retried on the next cluster (idempotent methods only); a larger body is streamed without
     * a copy and such a request is not retried. Connect failures are retried whatever the body.
     */
    @WithDefault("65536")
    int replayBufferSize();

    /**
     * The protocol of HTTP requests between gateways (egress to a peer's ingress, over the SD-WAN tunnel). {@code HTTP1}:
     * one request at a time per pooled connection; no head-of-line blocking between requests when the tunnel loses
     * packets, and the lower CPU cost per request in the benchmark (ADR 0009). {@code H2C}: HTTP/1.1 requests are
     * carried as HTTP/2 streams, many on one connection per tunnel and event loop (far fewer connections and
     * handshakes across the WAN; the ingress still speaks HTTP/1.1 to the backend). HTTP/2 clients (gRPC) always stay
     * on HTTP/2.
     */
    @WithDefault("http1")
    TunnelProtocol tunnelProtocol();

    /** See {@link #tunnelProtocol()}. */
    enum TunnelProtocol {
        H2C,
        HTTP1
    }

    /**
     * Serve plain HTTP/1.1 requests with the relay that works on the bytes (ADR 0010): on every ingress and HTTP
     * egress listener it reads a request's head and a body of declared length up to {@code replay-buffer-size}, routes
     * it exactly as the full path does, and relays the response's bytes back unparsed over pooled HTTP/1.1
     * connections. A CONNECT at an ingress is spliced to its backend in the relay's pipeline (ADR 0021). A connection
     * that needs more (HTTP/2 or gRPC, an upgrade, HTTP/1.0, a chunked or larger body, {@code Expect}) is handed over
     * to the full HTTP server, which then serves it as when this is off. Egress
     * listeners use the full server only when {@code tunnel-protocol=h2c}. {@code false} serves everything with the
     * full HTTP server and client.
     */
    @WithDefault("true")
    boolean http1Relay();

    /**
     * How long a failure the data plane saw on a path (a connection to a peer's ingress refused, timed out or reset, a
     * request timed out) holds the path down when no tunnel probe report clears it earlier: for a path nobody probes
     * (this cluster's own, or when no telemetry-service runs). A report measured after the failure that says the
     * tunnel carries traffic clears it at once; then the fail-back waits for the policy's hold-down as after any
     * failover.
     */
    @WithDefault("10s")
    Duration passiveFailureHold();

    /** Attempts per request or connection, the first included, over the route's candidate clusters. */
    @WithDefault("3")
    int maxAttempts();

    /**
     * Connections per upstream (host, tunnel port, DSCP, protocol) and event loop, at most: a request is forwarded on
     * the loop its connection arrived on, over that loop's pool, and one beyond the limit waits for a free connection.
     * HTTP/1.1 carries one request per connection, so this bounds the concurrent requests per peer; as Envoy's
     * default circuit breaker, high enough that no normal load waits. Opaque TCP connections are not pooled: each has
     * a connection of its own to the peer (ADR 0021).
     */
    @WithDefault("1024")
    int poolSize();

    /**
     * Event loops that serve each full HTTP server (Vert.x shares the port among them); 0 means one per available
     * processor. At most Quarkus' own event-loop count ({@code quarkus.vertx.event-loops-pool-size}) are distinct.
     * The HTTP/1.1 relay ({@link #http1Relay()}) and the opaque TCP egress listeners spread their connections over
     * all of those loops.
     */
    @WithDefault("0")
    int eventLoops();
}

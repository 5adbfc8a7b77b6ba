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

    /** Time from sending a request upstream to its response headers; past it the client gets 504. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Largest request header block accepted; larger requests are answered 431. */
    @WithDefault("8192")
    int maxHeaderSize();

    /** Largest request body accepted (bodies are buffered to be replayable on retry); larger ones get 413. */
    @WithDefault("10485760")
    long maxBodySize();

    /** Attempts per request or connection, the first included, over the route's candidate clusters. */
    @WithDefault("3")
    int maxAttempts();

    /** Connections kept per upstream (host, tunnel port, DSCP, protocol). */
    @WithDefault("32")
    int poolSize();
}

package io.l7mp.mcw.gateway.adapter.http;

import java.time.Duration;

import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every listener's handler shares: the table in force, the clients, the forwarder, the dial guard, the
 * connections per path and where path failures go, limits, metrics and spans.
 */
record DataPlaneContext(RouteTableHolder holder, UpstreamClients clients, HttpForwarder forwarder,
        RetryPolicy retry, GatewayConfig config, TrafficMetrics metrics, DialGuard guard, PathConnections paths,
        PathSignals signals, HopTracer tracer) {

    RouteTable table() {
        return holder.current();
    }

    Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Refuses what can be refused before the body is read: Content-Length together with Transfer-Encoding (400) and
     * a declared length past {@code max-body-size} (413); answers the request itself then. The body is streamed, so
     * a body without a declared length is cut off by the forwarder once it passes the limit.
     *
     * @return true if the request may be forwarded
     */
    boolean admit(HttpServerRequest request, Flow flow, long started, HopSpan span) {
        int refusal = HttpMessages.refusal(request, config.maxBodySize());
        if (refusal == 0) {
            return true;
        }
        metrics.request(flow, refusal, since(started), 0);
        String reason = refusal == 413
                ? HttpMessages.bodyTooLarge(config.maxBodySize())
                : "Content-Length with Transfer-Encoding, or a bad Content-Length, is not accepted";
        span.end(refusal, 0, reason, null);
        HttpMessages.answerAndClose(request, refusal, reason);
        return false;
    }
}

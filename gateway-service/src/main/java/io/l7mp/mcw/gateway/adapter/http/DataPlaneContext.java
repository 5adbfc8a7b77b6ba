package io.l7mp.mcw.gateway.adapter.http;

import java.time.Duration;

import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.app.RouteTableHolder;
import io.l7mp.mcw.gateway.config.GatewayConfig;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/** What every listener's handler shares: the table in force, the clients, the forwarder, limits and metrics. */
record DataPlaneContext(RouteTableHolder holder, UpstreamClients clients, HttpForwarder forwarder,
        RetryPolicy retry, GatewayConfig config, TrafficMetrics metrics) {

    RouteTable table() {
        return holder.current();
    }

    Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The request body, buffered up to {@code max-body-size} so that a retry can replay it. Answers 400 (both
     * Content-Length and Transfer-Encoding) or 413 itself and returns a failed future then.
     */
    Future<Buffer> readBody(HttpServerRequest request, Flow flow, long started) {
        int refusal = HttpMessages.refusal(request, config.maxBodySize());
        if (refusal != 0) {
            metrics.request(flow, refusal, since(started), 0);
            HttpMessages.answerAndClose(request, refusal, refusal == 413
                    ? "request body larger than mcw.gateway.max-body-size=" + config.maxBodySize() + " bytes"
                    : "Content-Length with Transfer-Encoding, or a bad Content-Length, is not accepted");
            return Future.failedFuture("refused with " + refusal);
        }
        return HttpMessages.readBody(request, config.maxBodySize()).onFailure(e -> {
            if (e instanceof HttpMessages.BodyTooLarge) {
                metrics.request(flow, 413, since(started), 0);
                HttpMessages.answerAndClose(request, 413,
                        "request body larger than mcw.gateway.max-body-size=" + config.maxBodySize() + " bytes");
            }
        });
    }
}

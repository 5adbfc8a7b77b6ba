package io.l7mp.mcw.gateway.adapter.http;

import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Sends one buffered request to the first target that answers, following {@link RetryPolicy}, and streams the
 * response (headers, body, trailers) back. Runs on the event loop of the inbound connection; never blocks.
 */
final class HttpForwarder {
    private static final Logger LOGGER = Logger.getLogger(HttpForwarder.class);

    /** Where one attempt goes: the socket address and the DSCP of its connection. */
    record Target(String host, int port, Integer dscp) {
    }

    /**
     * @param authorityHost Host / :authority sent upstream, with {@code authorityPort}
     * @param headers the request headers to send (already modified by the route)
     * @param done called once with the status sent to the client and the bytes of the response body
     */
    record Exchange(HttpServerRequest inbound, Buffer body, List<Target> targets, String authorityHost,
            int authorityPort, Map<String, List<String>> headers, Done done) {
    }

    interface Done {
        void finished(int status, int targetIndex, long responseBytes);
    }

    private final UpstreamClients clients;
    private final RetryPolicy retry;
    private final long requestTimeoutMillis;

    HttpForwarder(UpstreamClients clients, RetryPolicy retry, long requestTimeoutMillis) {
        this.clients = clients;
        this.retry = retry;
        this.requestTimeoutMillis = requestTimeoutMillis;
    }

    void forward(Exchange exchange) {
        attempt(exchange, 0);
    }

    private void attempt(Exchange exchange, int index) {
        Target target = exchange.targets().get(index);
        HttpServerRequest in = exchange.inbound();
        RequestOptions options = new RequestOptions().setMethod(in.method()).setURI(in.uri())
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.host()))
                .setHost(exchange.authorityHost()).setPort(exchange.authorityPort()).setTimeout(requestTimeoutMillis);
        clients.http(HttpMessages.isHttp2(in), target.dscp()).request(options).onComplete(opened -> {
            if (opened.failed()) {
                failed(exchange, index, RetryPolicy.Failure.CONNECT_FAILED, opened.cause());
                return;
            }
            HttpClientRequest out = opened.result();
            out.exceptionHandler(e -> LOGGER.debugf("upstream request to %s:%d failed: %s", target.host(),
                    target.port(), e.getMessage()));
            exchange.headers().forEach((name, values) -> out.headers().add(name, values));
            (exchange.body().length() == 0 ? out.send() : out.send(exchange.body())).onComplete(answered -> {
                if (answered.failed()) {
                    failed(exchange, index, RetryPolicy.Failure.NO_RESPONSE, answered.cause());
                } else {
                    relay(exchange, index, answered.result());
                }
            });
        });
    }

    private void failed(Exchange exchange, int index, RetryPolicy.Failure failure, Throwable cause) {
        Target target = exchange.targets().get(index);
        RetryPolicy.Decision decision = retry.afterFailure(index + 1, exchange.targets().size(), failure,
                exchange.inbound().method().name());
        if (decision instanceof RetryPolicy.Decision.Retry next) {
            LOGGER.debugf("retrying target=%s:%d failure=%s cause=%s", target.host(), target.port(), failure,
                    cause.getMessage());
            attempt(exchange, next.nextCandidate());
            return;
        }
        String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
        boolean timeout = cause.getMessage() != null && cause.getMessage().contains("timeout");
        int status = timeout ? 504 : 502;
        LOGGER.infof("gave up upstream=%s:%d failure=%s status=%d reason=%s cause=%s", target.host(), target.port(),
                failure, status, reason, cause.getMessage());
        exchange.done().finished(status, index, 0);
        HttpMessages.answer(exchange.inbound().response(), status,
                "upstream " + target.host() + ":" + target.port() + " failed (" + cause.getMessage() + "); " + reason);
    }

    /** Streams the response with back-pressure; trailers (gRPC status) follow the body. */
    private static void relay(Exchange exchange, int index, HttpClientResponse upstream) {
        HttpServerResponse response = exchange.inbound().response();
        response.setStatusCode(upstream.statusCode());
        HttpMessages.copyResponseHeaders(upstream.headers(), response.headers());
        if (!HttpMessages.isHttp2(exchange.inbound()) && upstream.getHeader("content-length") == null) {
            response.setChunked(true);
        }
        long[] bytes = new long[1];
        upstream.handler(chunk -> {
            bytes[0] += chunk.length();
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(v -> upstream.resume());
            }
        });
        upstream.exceptionHandler(e -> {
            LOGGER.debugf("upstream response broke after it started: %s", e.getMessage());
            response.reset();
        });
        upstream.endHandler(v -> {
            HttpMessages.copyResponseHeaders(upstream.trailers(), response.trailers());
            // counted as the upstream response ends; a client that has every byte by Content-Length may be quicker
            exchange.done().finished(upstream.statusCode(), index, bytes[0]);
            response.end();
        });
    }
}

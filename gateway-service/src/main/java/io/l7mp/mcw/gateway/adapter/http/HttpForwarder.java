package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.domain.PathKey;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.SocketAddress;

/**
 * Forwards one request to the first target that answers, following {@link RetryPolicy}, streaming both ways: the
 * request body goes upstream chunk by chunk as it arrives (so a client-streaming or bidirectional gRPC call works),
 * and the response (headers, body, trailers) comes back the same way, with back-pressure in both directions.
 * <p>
 * Retries: the inbound request stays paused until an upstream connection is open, so a connect failure is retried on
 * the next target with nothing consumed. After that, a request reset before any response byte is retried only when
 * its method is idempotent and its whole body has arrived and fit in {@code replayBufferSize}, kept aside while it
 * was streamed; a larger or unfinished body has gone to the failed target and cannot be replayed. Such a request whose
 * pooled connection the upstream closed in good order before answering (its keep-alive timeout met the request) is
 * first sent once more to the same target.
 * <p>
 * Runs on the event loop of the inbound connection; never blocks.
 */
final class HttpForwarder {
    private static final Logger LOGGER = Logger.getLogger(HttpForwarder.class);
    /** The status recorded for a request whose client went away before it was answered (as nginx logs it). */
    static final int CLIENT_CLOSED_REQUEST = 499;
    /** What a request's span says of a client that went away before its answer. */
    static final String CLIENT_GONE = "the client closed the connection before the answer";
    /** Responses with a declared length up to this are relayed in one write (see {@code relay}). */
    static final int SMALL_RESPONSE = 16 * 1024;

    /**
     * Where one attempt goes: the socket address and the DSCP of its connection, and for a peer gateway the path
     * (destination cluster and tunnel) it crosses. A key of the connection pools, looked up on every request: equals and
     * hashCode are written out, as the ones generated for a record go through method handles that showed in the
     * profile of a loaded gateway. The path is not part of the key: an address and port name one path.
     *
     * @param path the SD-WAN path to a peer gateway; null for a local backend (ingress)
     */
    record Target(String host, int port, Integer dscp, PathKey path) {
        /** Whether the connection crosses the SD-WAN: it leaves from the WAN source address, its failures are signals. */
        boolean overWan() {
            return path != null;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Target t && port == t.port && host.equals(t.host) && Objects.equals(dscp, t.dscp);
        }

        @Override
        public int hashCode() {
            return (host.hashCode() * 31 + port) * 31 + (dscp == null ? 0 : dscp);
        }
    }

    /**
     * @param authorityHost Host / :authority sent upstream, with {@code authorityPort}
     * @param headers the request headers to send (already modified by the route)
     * @param http2 whether to send it upstream as HTTP/2 (h2c, prior knowledge), else HTTP/1.1
     * @param done called once with the status sent to the client and the bytes of both bodies
     * @param span the request's span (its traceparent is in {@code headers} already): retries and the end go to it
     */
    record Exchange(HttpServerRequest inbound, List<Target> targets, String authorityHost, int authorityPort,
            Map<String, List<String>> headers, boolean http2, Done done, HopSpan span) {
    }

    interface Done {
        void finished(int status, int targetIndex, long requestBytes, long responseBytes);
    }

    private final UpstreamClients clients;
    private final DialGuard guard;
    private final PathConnections paths;
    private final PathSignals signals;
    private final RetryPolicy retry;
    private final long requestTimeoutMillis;
    private final long maxBodySize;
    private final int replayBufferSize;

    HttpForwarder(UpstreamClients clients, DialGuard guard, PathConnections paths, PathSignals signals,
            RetryPolicy retry, long requestTimeoutMillis, long maxBodySize, int replayBufferSize) {
        this.clients = clients;
        this.guard = guard;
        this.paths = paths;
        this.signals = signals;
        this.retry = retry;
        this.requestTimeoutMillis = requestTimeoutMillis;
        this.maxBodySize = maxBodySize;
        this.replayBufferSize = replayBufferSize;
    }

    /**
     * Logs a retry the policy decided; returns {@code inPlace}, which the caller remembers: a request is sent again
     * to the same candidate once at most.
     */
    static boolean logRetry(HopSpan span, Target target, RetryPolicy.Failure failure, String method, Throwable cause,
            boolean inPlace) {
        if (inPlace) {
            span.log(LOGGER, Logger.Level.DEBUG,
                    "upstream %s:%d closed the connection before answering (a keep-alive race); sending %s "
                            + "again on a new connection",
                    target.host(), target.port(), method);
        } else {
            span.log(LOGGER, Logger.Level.DEBUG, "retrying target=%s:%d failure=%s cause=%s", target.host(), target.port(),
                    failure,
                    cause.getMessage());
        }
        return inPlace;
    }

    /** Tells the control loop about a failure of an attempt over the SD-WAN that says something about its path. */
    static void reportPath(Target target, RetryPolicy.Failure failure, Throwable cause, PathSignals signals) {
        if (target.overWan()) {
            String what = PathFailures.signal(failure, cause);
            if (what != null) {
                signals.failed(target.path(), what);
            }
        }
    }

    /** Must be called from the request handler itself, before it returns: it pauses the request body. */
    void forward(Exchange exchange) {
        exchange.inbound().pause();
        new Forwarding(exchange).attempt(0);
    }

    /** The state of one forwarded request; confined to its event loop. */
    private final class Forwarding {
        private final Exchange exchange;
        private final HttpServerRequest in;
        private final boolean hasBody;
        /** A gRPC call's stream of messages is not an upload: {@code max-body-size} does not apply. */
        private final boolean grpc;
        /**
         * The body so far, while it fits in the replay buffer; null once it did not, and from the start for a method
         * that is never retried after the connection opened (it would be kept for nothing).
         */
        private Buffer replay;
        private long received;
        private boolean inboundEnded;
        private boolean finished;
        /** The candidate being tried: the one a cut-off or abandoned request is counted against. */
        private int index;
        /** Whether the request was sent again to the same candidate already ({@link RetryPolicy#retriesInPlace}). */
        private boolean retriedInPlace;
        /** Attempts started; a late answer to an attempt that was given up on (its path went down) is dropped. */
        private int attempts;
        /** The upstream request the body goes to; null once it failed or the exchange finished. */
        private HttpClientRequest current;

        /** Takes over the paused inbound request's events; nothing arrives until the first upstream is open. */
        Forwarding(Exchange exchange) {
            this.exchange = exchange;
            this.in = exchange.inbound();
            this.hasBody = HttpMessages.hasBody(in);
            this.grpc = HttpMessages.isGrpc(in.getHeader("content-type"));
            this.replay = RetryPolicy.isIdempotent(in.method().name()) ? Buffer.buffer() : null;
            in.handler(this::chunk);
            in.endHandler(v -> {
                inboundEnded = true;
                if (hasBody && current != null) {
                    current.end();
                }
            });
            in.exceptionHandler(e -> {
                exchange.span().log(LOGGER, Logger.Level.DEBUG, "inbound request broke off: %s", e.getMessage());
                resetUpstream();
                // nobody is left to answer; counted with nginx's "client closed request"
                finish(CLIENT_CLOSED_REQUEST, index, 0, null, CLIENT_GONE);
            });
        }

        void attempt(int index) {
            this.index = index;
            Target target = exchange.targets().get(index);
            ContextInternal context = (ContextInternal) Vertx.currentContext();
            guard.resolve(context.nettyEventLoop(), target.host(), target.port(), exchange.span()).addListener(resolved -> {
                if (finished) {
                    return;
                }
                if (!resolved.isSuccess()) {
                    failed(index, RetryPolicy.Failure.CONNECT_FAILED, resolved.cause());
                    return;
                }
                send(index, target, (InetSocketAddress) resolved.getNow(), context);
            });
        }

        private void send(int index, Target target, InetSocketAddress address, ContextInternal context) {
            RequestOptions options = new RequestOptions().setMethod(in.method()).setURI(in.uri())
                    .setServer(SocketAddress.inetSocketAddress(address))
                    .setHost(exchange.authorityHost()).setPort(exchange.authorityPort())
                    .setTimeout(requestTimeoutMillis);
            int attemptNo = ++attempts;
            // the path may go down before the connection is handed out (an HTTP/2 peer that never answers SETTINGS)
            Runnable forget = paths.pending(target, down -> context.runOnContext(v -> {
                if (!finished && attempts == attemptNo && current == null) {
                    attempts++;
                    failed(index, RetryPolicy.Failure.PATH_DOWN, down);
                }
            }));
            clients.http(exchange.http2(), target.dscp(), target.overWan()).request(options)
                    .onComplete(opened -> {
                        forget.run();
                        if (finished || attempts != attemptNo) {
                            if (opened.succeeded()) {
                                opened.result().reset();
                            }
                            return;
                        }
                        if (opened.failed()) {
                            failed(index, RetryPolicy.Failure.CONNECT_FAILED, opened.cause());
                            return;
                        }
                        HttpClientRequest out = opened.result();
                        current = out;
                        paths.track(target, out.connection());
                        out.exceptionHandler(e -> exchange.span().log(LOGGER, Logger.Level.DEBUG,
                                "upstream request to %s:%d failed: %s", target.host(),
                                target.port(), e.getMessage()));
                        exchange.headers().forEach((name, values) -> out.headers().add(name, values));
                        out.response().onComplete(answered -> {
                            if (finished || current != out) {
                                return;
                            }
                            if (answered.failed()) {
                                current = null;
                                failed(index, answered.cause() instanceof HttpClosedException
                                        ? RetryPolicy.Failure.PEER_CLOSED
                                        : RetryPolicy.Failure.NO_RESPONSE, answered.cause());
                            } else {
                                relay(index, answered.result());
                            }
                        });
                        sendBody(out);
                    });
        }

        /** Ends a body-less request, replays a kept body on a retry, or lets the inbound body stream. */
        private void sendBody(HttpClientRequest out) {
            if (!hasBody) {
                out.end();
            } else if (inboundEnded) {
                // a retry: the whole body arrived before and was kept
                out.end(replay);
                return;
            } else {
                String length = in.getHeader("content-length");
                if (length != null) {
                    out.putHeader("content-length", length.trim());
                } else {
                    out.setChunked(true);
                }
            }
            in.resume();
        }

        private void chunk(Buffer chunk) {
            if (!hasBody || chunk.length() == 0) {
                // an empty DATA frame that only ends an HTTP/2 stream, or bytes past a declared length of 0: an
                // HTTP/1.1 upstream request without a body framing could not carry them
                return;
            }
            received += chunk.length();
            if (received > maxBodySize && !grpc) {
                tooLarge();
                return;
            }
            if (replay != null) {
                replay = replay.length() + chunk.length() <= replayBufferSize ? replay.appendBuffer(chunk) : null;
            }
            HttpClientRequest out = current;
            if (out == null) {
                return;
            }
            out.write(chunk);
            if (out.writeQueueFull()) {
                in.pause();
                out.drainHandler(v -> in.resume());
            }
        }

        /** A body without a declared length went past {@code max-body-size} while it streamed. */
        private void tooLarge() {
            resetUpstream();
            String message = HttpMessages.bodyTooLarge(maxBodySize);
            if (finish(413, index, 0, message, null)) {
                HttpMessages.answerDrainAndClose(in, 413, message, maxBodySize);
            } else {
                in.handler(null);
            }
        }

        private void failed(int index, RetryPolicy.Failure observed, Throwable cause) {
            Target target = exchange.targets().get(index);
            RetryPolicy.Failure failure = PathFailures.classify(observed, cause,
                    target.overWan() && paths.closedRecently(target));
            reportPath(target, failure, cause, signals);
            // the retry policy decides, unless the body it would have to send again is gone
            String method = in.method().name();
            boolean bodyGone = failure != RetryPolicy.Failure.CONNECT_FAILED && hasBody
                    && !(inboundEnded && replay != null) && RetryPolicy.isIdempotent(method);
            RetryPolicy.Decision decision = bodyGone
                    ? new RetryPolicy.Decision.GiveUp("the request body was already streamed to " + target.host()
                            + ":" + target.port() + " and cannot be replayed")
                    : retry.decide(index + 1, exchange.targets().size(), failure, method, retriedInPlace);
            if (decision instanceof RetryPolicy.Decision.Retry next) {
                retriedInPlace |= HttpForwarder.logRetry(exchange.span(), target, failure, method, cause,
                        next.nextCandidate() == index);
                exchange.span().retry(target, failure, exchange.targets().get(next.nextCandidate()));
                attempt(next.nextCandidate());
                return;
            }
            String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
            boolean timeout = cause.getMessage() != null && cause.getMessage().contains("timeout");
            int status = timeout ? 504 : 502;
            exchange.span().log(LOGGER, Logger.Level.INFO, "gave up upstream=%s:%d failure=%s status=%d reason=%s cause=%s",
                    target.host(),
                    target.port(), failure, status, reason, cause.getMessage());
            String message = "upstream " + target.host() + ":" + target.port() + " failed (" + cause.getMessage()
                    + "); " + reason;
            if (!finish(status, index, 0, message, null)) {
                return;
            }
            if (inboundEnded || !hasBody) {
                HttpMessages.answer(in.response(), status, message);
            } else {
                // the rest of the body goes nowhere: the connection cannot carry another request
                HttpMessages.answerDrainAndClose(in, status, message, maxBodySize);
            }
        }

        /**
         * Streams the response with back-pressure; trailers (gRPC status) follow the body. A small response of
         * declared length ({@value #SMALL_RESPONSE} bytes at most) is sent in one write with its end instead: one
         * system call and one packet instead of two for the common API answer.
         */
        private void relay(int index, HttpClientResponse upstream) {
            HttpServerResponse response = in.response();
            response.setStatusCode(upstream.statusCode());
            HttpMessages.copyResponseHeaders(upstream.headers(), response.headers());
            long declared = HttpMessages.contentLength(upstream.headers());
            if (declared >= 0 && declared <= SMALL_RESPONSE) {
                relaySmall(index, upstream, (int) declared);
                return;
            }
            upstream.exceptionHandler(e -> {
                exchange.span().log(LOGGER, Logger.Level.DEBUG, "upstream response broke after it started: %s", e.getMessage());
                exchange.span().end(upstream.statusCode(), index, null, "the response broke off: " + e.getMessage());
                response.reset();
            });
            if (!HttpMessages.isHttp2(in) && declared < 0) {
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
            upstream.endHandler(v -> {
                copyTrailers(upstream, response, declared);
                // counted as the upstream response ends; a client that has every byte by Content-Length may be
                // quicker
                finish(upstream.statusCode(), index, bytes[0], null, null);
                response.end();
            });
        }

        /**
         * Collects a small response and sends it with one write. Usually the body arrives in one chunk, which goes on
         * as it is; only a body that arrives in pieces is copied together, into a buffer of its declared size.
         */
        private void relaySmall(int index, HttpClientResponse upstream, int declared) {
            HttpServerResponse response = in.response();
            // [0]: the first chunk as it came; [1]: the copy of the whole, once a second chunk came
            Buffer[] body = new Buffer[2];
            upstream.handler(chunk -> {
                if (body[0] == null) {
                    body[0] = chunk;
                    return;
                }
                if (body[1] == null) {
                    body[1] = Buffer.buffer(declared).appendBuffer(body[0]);
                }
                body[1].appendBuffer(chunk);
            });
            upstream.exceptionHandler(e -> {
                // nothing was written yet: the client can still get a proper answer
                exchange.span().log(LOGGER, Logger.Level.DEBUG, "upstream response broke before its end: %s", e.getMessage());
                String message = "upstream response broke off: " + e.getMessage();
                if (finish(502, index, 0, message, null)) {
                    response.headers().clear();
                    HttpMessages.answer(response, 502, message);
                }
            });
            upstream.endHandler(v -> {
                copyTrailers(upstream, response, declared);
                Buffer whole = body[1] != null ? body[1] : body[0] != null ? body[0] : Buffer.buffer();
                if (finish(upstream.statusCode(), index, whole.length(), null, null)) {
                    response.end(whole);
                }
            });
        }

        /**
         * Trailers follow the body of an HTTP/2 or a chunked response; one of declared length over HTTP/1.x has none,
         * and asking for them would only create two empty header maps.
         */
        private void copyTrailers(HttpClientResponse upstream, HttpServerResponse response, long declared) {
            if (upstream.version() == HttpVersion.HTTP_2 || declared < 0) {
                MultiMap trailers = upstream.trailers();
                if (!trailers.isEmpty()) {
                    HttpMessages.copyResponseHeaders(trailers, response.trailers());
                }
            }
        }

        /**
         * Abandons the upstream request. {@code current} is cleared first: the reset fails the response at once, and
         * that failure must not count as the upstream's.
         */
        private void resetUpstream() {
            HttpClientRequest out = current;
            current = null;
            if (out != null) {
                out.reset();
            }
        }

        /**
         * Reports the outcome once, to the metrics and the span; false if it was reported already.
         *
         * @param answer the text of the gateway's own answer; null when the upstream's goes to the client
         * @param failure why the request failed beyond its status; null when it did not
         */
        private boolean finish(int status, int index, long responseBytes, String answer, String failure) {
            if (finished) {
                return false;
            }
            finished = true;
            exchange.done().finished(status, index, received, responseBytes);
            exchange.span().end(status, index, answer, failure);
            return true;
        }
    }
}

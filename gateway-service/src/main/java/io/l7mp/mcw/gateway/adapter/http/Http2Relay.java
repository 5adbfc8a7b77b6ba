package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.domain.HeaderFields;
import io.l7mp.mcw.gateway.domain.HeaderModifier;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The data plane's HTTP/2 path (h2c with prior knowledge: gRPC, and HTTP/2 clients): one instance per client
 * connection, after Netty's HTTP/2 frame codec in the connection's pipeline, which {@link Http1Relay} hands the
 * connection to when it reads the HTTP/2 preface ({@link #takeover}). Each stream is routed by its request headers as
 * the listener decides ({@link Router}, the same decision as every other path), then relayed frame by frame to a
 * stream on a pooled h2c connection of the same event loop ({@link Http2Upstreams}), and its response frames back:
 * headers rewritten, DATA frames passed on as they came, trailers after them, resets both ways.
 * <p>
 * Flow control is end to end: the bytes of a DATA frame are given back to its sender's window only once the frame
 * has been written on the other side, so a slow reader stops its writer through the windows of every hop, and the
 * gateway holds at most a window per stream and hop. Frames read in one batch are flushed once, at its end
 * ({@link Flushes}).
 * <p>
 * A stream this relay does not serve itself (CONNECT, and at an ingress a request a peer carried as HTTP/2 for an
 * HTTP/1.1 client, {@code x-mcw-client-protocol}) goes, as it is, over a loopback h2c connection to the listener's
 * full HTTP server, which serves it as it serves every request when the relay is off.
 * <p>
 * Retries follow {@link RetryPolicy}: a connect failure is retried on the next target with nothing sent; after a
 * stream was opened only a request without a body is retried. Confined to the connection's event loop.
 */
final class Http2Relay extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = Logger.getLogger(Http2Relay.class);
    private static final AsciiString CLIENT_PROTOCOL = AsciiString.cached(HttpMessages.CLIENT_PROTOCOL_HEADER);
    private static final AsciiString TRACEPARENT = AsciiString.cached(HopTracer.TRACEPARENT);
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("content-type");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
    private static final AsciiString LOCATION = AsciiString.cached("location");
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    /** RFC 9113 8.2.2: connection-specific fields are malformed in HTTP/2; {@code host} gives way to :authority. */
    private static final List<AsciiString> NOT_FORWARDED = List.of(AsciiString.cached("connection"),
            AsciiString.cached("keep-alive"), AsciiString.cached("proxy-connection"),
            AsciiString.cached("transfer-encoding"), AsciiString.cached("upgrade"), AsciiString.cached("host"));

    /** A listener's routing of one HTTP/2 request: the same contract as {@link Http1Relay.Router}. */
    interface Router {
        Http1Relay.Route route(Request request, SocketAddress client, long started);
    }

    /**
     * One request as the router reads it.
     *
     * @param target the {@code :path} pseudo-header: path and query
     * @param headers the request's header block (pseudo-headers included)
     */
    record Request(String method, String target, String path, String query, String authority, Http2Headers headers) {
        /** The first value of a field; null when absent. */
        String first(CharSequence name) {
            CharSequence value = headers.get(name);
            return value == null ? null : value.toString();
        }

        /** The fields (pseudo-headers excluded) by lower-case name, read lazily. */
        HeaderFields fields() {
            return name -> {
                if (name.startsWith(":")) {
                    return List.of();
                }
                List<CharSequence> values = headers.getAll(name);
                if (values.isEmpty()) {
                    return List.of();
                }
                List<String> result = new ArrayList<>(values.size());
                values.forEach(v -> result.add(v.toString()));
                return result;
            };
        }
    }

    /**
     * One listener's settings.
     *
     * @param fallback the loopback ports of the listener's full HTTP servers, for the streams handed over
     * @param handOverHttp1 whether a stream carried for an HTTP/1.1 client ({@code x-mcw-client-protocol}) goes to
     *        the full server (an ingress: the backend must get HTTP/1.1)
     * @param codec makes the server side of a client connection's HTTP/2 codec
     * @param connectionWindow the client connection's receive window, opened past the protocol's 65,535 at start
     * @param idleTimeoutMillis a connection without a stream and without a read for this long is closed; 0: never
     */
    record Settings(String direction, Router router, int[] fallback, boolean handOverHttp1,
            Supplier<Http2FrameCodec> codec, int connectionWindow, Http2Upstreams.Registry upstreams, RetryPolicy retry,
            PathSignals signals, PathConnections paths, long requestTimeoutMillis, long idleTimeoutMillis,
            long maxBodySize) {
    }

    /** The takeover the HTTP/1.1 relay calls with a connection that opened with the HTTP/2 preface. */
    static Http1Relay.Takeover takeover(Settings settings) {
        return (relay, head, read) -> {
            ChannelPipeline pipeline = relay.pipeline();
            Http2FrameCodec codec = settings.codec().get();
            pipeline.addAfter(relay.name(), "h2-codec", codec);
            pipeline.addAfter("h2-codec", "h2-relay", new Http2Relay(settings));
            int more = settings.connectionWindow() - 65_535;
            if (more > 0) {
                relay.channel().write(new DefaultHttp2WindowUpdateFrame(more));
            }
            relay.fireChannelRead(read);
            relay.fireChannelReadComplete();
        };
    }

    private final Settings settings;
    private final IntObjectMap<Exchange> exchanges = new IntObjectHashMap<>();
    private ChannelHandlerContext ctx;
    private long lastRead = System.nanoTime();
    private ScheduledFuture<?> idleCheck;

    private Http2Relay(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (settings.idleTimeoutMillis() > 0) {
            idleCheck = ctx.executor().schedule(this::checkIdle, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void checkIdle() {
        idleCheck = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long timeout = settings.idleTimeoutMillis();
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastRead);
        if (exchanges.isEmpty() && idle >= timeout) {
            LOGGER.debugf("direction=%s closing HTTP/2 connection %s: idle for %d ms", settings.direction(),
                    ctx.channel().remoteAddress(), idle);
            ctx.close();
            return;
        }
        long next = exchanges.isEmpty() ? timeout - idle : timeout;
        idleCheck = ctx.executor().schedule(this::checkIdle, Math.max(1, next), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Flushes.reading();
        if (msg instanceof Http2DataFrame data) {
            Exchange exchange = exchanges.get(data.stream().id());
            if (exchange != null) {
                exchange.clientData(data);
            } else {
                // a stream already answered or refused: its bytes go nowhere, its window opens again
                consume(data.stream(), data.initialFlowControlledBytes());
                data.release();
            }
            return;
        }
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                Exchange exchange = exchanges.get(headers.stream().id());
                if (exchange != null) {
                    exchange.clientTrailers(headers);
                } else if (headers.headers().method() != null) {
                    request(headers);
                }
                // else: trailers of a stream already answered, which goes nowhere
            } else if (msg instanceof Http2ResetFrame reset) {
                Exchange exchange = exchanges.remove(reset.stream().id());
                if (exchange != null) {
                    exchange.clientReset(reset.errorCode());
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastRead = System.nanoTime();
        Flushes.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof Http2FrameStreamEvent e && e.type() == Http2FrameStreamEvent.Type.State
                && e.stream().state() == Http2Stream.State.CLOSED) {
            Exchange exchange = exchanges.remove(e.stream().id());
            if (exchange != null) {
                exchange.clientClosed();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        List<Exchange> left = new ArrayList<>(exchanges.values());
        exchanges.clear();
        left.forEach(Exchange::clientClosed);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debugf("direction=%s HTTP/2 client connection failed: %s", settings.direction(), cause.getMessage());
        ctx.close();
    }

    /** Gives {@code bytes} of a client stream's window back: they were passed on. */
    private void consume(Http2FrameStream stream, int bytes) {
        if (bytes > 0 && ctx.channel().isActive()) {
            Flushes.write(ctx.channel(), new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
        }
    }

    private void write(Object frame) {
        Flushes.write(ctx.channel(), frame);
    }

    /** A new stream's request headers: hand it over, refuse it, or open its exchange. */
    private void request(Http2HeadersFrame frame) {
        long started = System.nanoTime();
        Http2Headers headers = frame.headers();
        Http2FrameStream stream = frame.stream();
        CharSequence method = headers.method();
        CharSequence clientProtocol = headers.get(CLIENT_PROTOCOL);
        boolean handOver = method != null && "CONNECT".contentEquals(method)
                || settings.handOverHttp1() && clientProtocol != null
                        && HttpMessages.HTTP_1_1.contentEquals(clientProtocol);
        if (handOver) {
            int[] ports = settings.fallback();
            int port = ports[ThreadLocalRandom.current().nextInt(ports.length)];
            Target fullServer = new Target("127.0.0.1", port, null, null);
            open(new Exchange(stream, frame.isEndStream(), String.valueOf(method), headers, List.of(fullServer), null,
                    HopSpan.NONE, new InetSocketAddress("127.0.0.1", port)));
            return;
        }
        String target = headers.path() == null ? "" : headers.path().toString();
        CharSequence authority = headers.authority();
        if (authority == null) {
            authority = headers.get("host");
        }
        int q = target.indexOf('?');
        Request request = new Request(method == null ? "" : method.toString(), target,
                q < 0 ? target : target.substring(0, q), q < 0 ? null : target.substring(q + 1),
                authority == null ? "" : authority.toString(), headers);
        Http1Relay.Route route = settings.router().route(request, ctx.channel().remoteAddress(), started);
        if (route instanceof Http1Relay.Route.Refuse refuse) {
            answer(stream, refuse.status(), refuse.reason(), refuse.location(), false);
            return;
        }
        Http1Relay.Route.Forward forward = (Http1Relay.Route.Forward) route;
        headers.remove(CLIENT_PROTOCOL);
        NOT_FORWARDED.forEach(headers::remove);
        modify(headers, forward.headers());
        headers.authority(forward.authority());
        HopSpan span = forward.span();
        if (span.traceparent() != null) {
            headers.set(TRACEPARENT, span.traceparent());
        }
        open(new Exchange(stream, frame.isEndStream(), request.method(), headers, forward.targets(), forward.done(),
                span, null));
    }

    private void open(Exchange exchange) {
        exchanges.put(exchange.in.id(), exchange);
        exchange.start();
    }

    /** The route's header changes, as {@link HeaderModifier#apply} makes them: remove, set, then add. */
    private static void modify(Http2Headers headers, HeaderModifier modifier) {
        if (modifier.isEmpty()) {
            return;
        }
        modifier.remove().forEach(headers::remove);
        modifier.set().forEach(headers::set);
        modifier.add().forEach(headers::add);
    }

    /**
     * Answers a stream with a plain-text reason, as every answer of the gateway reads. The rest of a body the client
     * is still sending is read and dropped (its window reopens as it comes); only a body past the size limit is cut off
     * ({@code stop}: RST_STREAM NO_ERROR after the answer, RFC 9113 8.1), since a gRPC client reads such a reset as
     * the call's failure and would never see the answer's status.
     */
    private void answer(Http2FrameStream stream, int status, String reason, String location, boolean stop) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        Http2Headers headers = new DefaultHttp2Headers().status(Integer.toString(status))
                .set(CONTENT_TYPE, TEXT_PLAIN).setInt(CONTENT_LENGTH, body.length);
        if (location != null) {
            headers.set(LOCATION, location);
        }
        write(new DefaultHttp2HeadersFrame(headers).stream(stream));
        ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
        write(new DefaultHttp2DataFrame(content, true).stream(stream));
        if (stop) {
            write(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream));
        }
    }

    /**
     * One stream relayed: the client's stream {@code in}, the upstream's {@code out}. Both directions run at once
     * (gRPC streams both ways); the exchange is reported once, when the response has ended or the stream broke.
     */
    private final class Exchange implements Http2Upstreams.StreamListener {
        private final Http2FrameStream in;
        private final String method;
        private final Http2Headers requestHeaders;
        private final List<Target> targets;
        /** Null for a stream handed over to the full server: that server counts and traces it. */
        private final HttpForwarder.Done done;
        private final HopSpan span;
        /** The full server's loopback address for a stream handed over; null to resolve each target. */
        private final InetSocketAddress fixedAddress;
        private final boolean grpc;
        private final boolean hasBody;
        /** Client frames (DATA, trailers) read before the upstream stream was open. */
        private final ArrayDeque<Object> pending = new ArrayDeque<>(2);
        private boolean clientEnded;
        private int index;
        private int attempts;
        private Http2Upstreams.Connection connection;
        private Http2FrameStream out;
        private boolean upstreamDone;
        private boolean responseStarted;
        private boolean responseEnded;
        private int status;
        private long requestBytes;
        private long responseBytes;
        private boolean finished;
        private ScheduledFuture<?> timeout;

        Exchange(Http2FrameStream in, boolean endStream, String method, Http2Headers requestHeaders,
                List<Target> targets, HttpForwarder.Done done, HopSpan span, InetSocketAddress fixedAddress) {
            this.in = in;
            this.clientEnded = endStream;
            this.hasBody = !endStream;
            this.method = method;
            this.requestHeaders = requestHeaders;
            this.targets = targets;
            this.done = done;
            this.span = span;
            this.fixedAddress = fixedAddress;
            this.grpc = HttpMessages.isGrpc(requestHeaders.get(CONTENT_TYPE));
        }

        void start() {
            if (settings.requestTimeoutMillis() > 0) {
                timeout = ctx.executor().schedule(this::timedOut, settings.requestTimeoutMillis(),
                        TimeUnit.MILLISECONDS);
            }
            attempt(0);
        }

        private void attempt(int candidate) {
            index = candidate;
            int attemptNo = ++attempts;
            Target target = targets.get(candidate);
            settings.upstreams().forLoop(ctx.channel().eventLoop()).acquire(target, fixedAddress,
                    opened -> {
                        if (!finished && attempts == attemptNo) {
                            send(opened);
                        }
                    },
                    failure -> {
                        if (!finished && attempts == attemptNo) {
                            failed(RetryPolicy.Failure.CONNECT_FAILED, failure);
                        }
                    });
        }

        /** The upstream connection is there: the request headers, then what the client sent meanwhile. */
        private void send(Http2Upstreams.Connection opened) {
            connection = opened;
            upstreamDone = false;
            out = opened.open(requestHeaders, clientEnded && pending.isEmpty(), this);
            Object frame;
            while ((frame = pending.poll()) != null) {
                forward(frame);
            }
        }

        void clientData(Http2DataFrame data) {
            int length = data.content().readableBytes();
            requestBytes += length;
            if (data.isEndStream()) {
                clientEnded = true;
            }
            if (requestBytes > settings.maxBodySize() && !grpc) {
                int bytes = data.initialFlowControlledBytes();
                data.release();
                consume(in, bytes);
                tooLarge();
                return;
            }
            if (out == null) {
                pending.add(data);
            } else {
                forward(data);
            }
        }

        void clientTrailers(Http2HeadersFrame trailers) {
            clientEnded = true;
            Object frame = new DefaultHttp2HeadersFrame(trailers.headers(), true);
            if (out == null) {
                pending.add(frame);
            } else {
                forward(frame);
            }
        }

        /** A client frame to the upstream stream; a DATA frame's bytes go back to the client's window once written. */
        private void forward(Object frame) {
            if (upstreamDone) {
                ReferenceCountUtil.release(frame);
                return;
            }
            Channel upstream = connection.channel;
            if (frame instanceof Http2DataFrame data) {
                int bytes = data.initialFlowControlledBytes();
                Http2DataFrame onward = new DefaultHttp2DataFrame(data.content(), data.isEndStream()).stream(out);
                if (bytes == 0) {
                    Flushes.write(upstream, onward);
                } else {
                    Flushes.write(upstream, onward, upstream.newPromise())
                            .addListener((ChannelFutureListener) f -> consume(in, bytes));
                }
            } else {
                Flushes.write(upstream, ((DefaultHttp2HeadersFrame) frame).stream(out));
            }
        }

        @Override
        public void headers(Http2HeadersFrame frame) {
            Http2Headers headers = frame.headers();
            if (!responseStarted) {
                int code = headers.getInt(Http2Headers.PseudoHeaderName.STATUS.value(), 0);
                if (code >= 100 && code < 200) {
                    // an interim answer (103 Early Hints, 100 Continue) goes on; the final one follows
                    write(new DefaultHttp2HeadersFrame(headers, false).stream(in));
                    return;
                }
                responseStarted = true;
                status = code;
                cancelTimeout();
            } else {
                // trailers
                responseEnded = true;
            }
            boolean end = frame.isEndStream();
            write(new DefaultHttp2HeadersFrame(headers, end).stream(in));
            if (end) {
                responseEnded = true;
                complete();
            }
        }

        @Override
        public void data(Http2DataFrame data) {
            int bytes = data.initialFlowControlledBytes();
            responseBytes += data.content().readableBytes();
            boolean end = data.isEndStream();
            Http2DataFrame onward = new DefaultHttp2DataFrame(data.content(), end).stream(in);
            Http2Upstreams.Connection from = connection;
            Http2FrameStream stream = out;
            if (bytes == 0) {
                write(onward);
            } else {
                Flushes.write(ctx.channel(), onward, ctx.channel().newPromise())
                        .addListener((ChannelFutureListener) f -> from.consumed(stream, bytes));
            }
            if (end) {
                responseEnded = true;
                complete();
            }
        }

        @Override
        public void reset(long errorCode) {
            upstreamDone = true;
            if (finished) {
                return;
            }
            if (!responseStarted) {
                failed(RetryPolicy.Failure.NO_RESPONSE, new java.io.IOException("the upstream reset the stream ("
                        + Http2Error.valueOf(errorCode) + ")"));
                return;
            }
            // the answer was under way: the client gets the reset as the upstream sent it
            write(new DefaultHttp2ResetFrame(errorCode).stream(in));
            exchanges.remove(in.id());
            finish(status, responseBytes, null, "the upstream reset the stream after it answered ("
                    + Http2Error.valueOf(errorCode) + ")");
        }

        @Override
        public void closed(Throwable cause) {
            upstreamDone = true;
            if (finished || responseEnded && clientEnded && cause == null) {
                return;
            }
            Throwable why = cause != null ? cause : new java.io.IOException("the upstream stream closed");
            if (!responseStarted) {
                RetryPolicy.Failure failure = cause instanceof PathConnections.PathDownException
                        ? RetryPolicy.Failure.PATH_DOWN
                        : RetryPolicy.Failure.PEER_CLOSED;
                failed(failure, why);
                return;
            }
            if (!responseEnded) {
                write(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR).stream(in));
                exchanges.remove(in.id());
                finish(status, responseBytes, null, "the response broke off: " + why.getMessage());
            }
        }

        /** The client reset its stream (a cancelled call): the upstream stream is reset with the same code. */
        void clientReset(long errorCode) {
            resetUpstream(errorCode);
            pending.forEach(ReferenceCountUtil::release);
            pending.clear();
            finish(HttpForwarder.CLIENT_CLOSED_REQUEST, responseBytes, null, HttpForwarder.CLIENT_GONE);
        }

        /** The client's stream closed: both ways ended (nothing to do), or the connection went. */
        void clientClosed() {
            if (finished && upstreamDone) {
                return;
            }
            if (!(responseEnded && clientEnded)) {
                clientReset(Http2Error.CANCEL.code());
            }
        }

        /** Abandons the upstream stream: it hears nothing more of it (no callback for the reset), then the reset. */
        private void resetUpstream(long errorCode) {
            cancelTimeout();
            if (out != null && !upstreamDone) {
                upstreamDone = true;
                connection.ended(out);
                Flushes.write(connection.channel, new DefaultHttp2ResetFrame(errorCode).stream(out));
            }
        }

        private void timedOut() {
            timeout = null;
            if (!finished && !responseStarted) {
                failed(RetryPolicy.Failure.NO_RESPONSE, new TimeoutException("no response headers within "
                        + settings.requestTimeoutMillis() + " ms (timeout)"));
            }
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
                timeout = null;
            }
        }

        /** An attempt failed before the response started: the next candidate, or an answer naming why. */
        private void failed(RetryPolicy.Failure observed, Throwable cause) {
            Target target = targets.get(index);
            RetryPolicy.Failure failure = PathFailures.classify(observed, cause,
                    target.overWan() && settings.paths().closedRecently(target));
            HttpForwarder.reportPath(target, failure, cause, settings.signals());
            resetUpstream(Http2Error.CANCEL.code());
            // what was streamed upstream cannot be sent again; a request without a body can
            boolean bodyGone = failure != RetryPolicy.Failure.CONNECT_FAILED && hasBody;
            RetryPolicy.Decision decision = bodyGone
                    ? new RetryPolicy.Decision.GiveUp("the request body was already streamed to " + target.host()
                            + ":" + target.port() + " and cannot be replayed")
                    : settings.retry().decide(index + 1, targets.size(), failure, method, true);
            if (decision instanceof RetryPolicy.Decision.Retry next) {
                HttpForwarder.logRetry(span, target, failure, method, cause, false);
                span.retry(target, failure, targets.get(next.nextCandidate()));
                out = null;
                connection = null;
                if (timeout == null && settings.requestTimeoutMillis() > 0) {
                    timeout = ctx.executor().schedule(this::timedOut, settings.requestTimeoutMillis(),
                            TimeUnit.MILLISECONDS);
                }
                attempt(next.nextCandidate());
                return;
            }
            String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
            boolean timedOut = cause instanceof TimeoutException;
            int answer = timedOut ? 504 : 502;
            span.log(LOGGER, Logger.Level.INFO, "gave up upstream=%s:%d failure=%s status=%d reason=%s cause=%s",
                    target.host(), target.port(), failure, answer, reason, cause.getMessage());
            String message = "upstream " + target.host() + ":" + target.port() + " failed (" + cause.getMessage()
                    + "); " + reason;
            pending.forEach(ReferenceCountUtil::release);
            pending.clear();
            exchanges.remove(in.id());
            if (finish(answer, 0, message, null)) {
                answer(in, answer, message, null, false);
            }
        }

        /** The request body passed {@code max-body-size} while it streamed. */
        private void tooLarge() {
            resetUpstream(Http2Error.CANCEL.code());
            pending.forEach(ReferenceCountUtil::release);
            pending.clear();
            exchanges.remove(in.id());
            String message = HttpMessages.bodyTooLarge(settings.maxBodySize());
            if (responseStarted) {
                write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(in));
                finish(413, responseBytes, null, message);
            } else if (finish(413, 0, message, null)) {
                answer(in, 413, message, null, true);
            }
        }

        private void complete() {
            cancelTimeout();
            finish(status, responseBytes, null, null);
        }

        /** Reports the outcome once, to the metrics and the span; false if it was reported already. */
        private boolean finish(int code, long bytes, String answer, String failure) {
            if (finished) {
                return false;
            }
            finished = true;
            cancelTimeout();
            if (done != null) {
                done.finished(code, index, requestBytes, bytes);
                span.end(code, index, answer, failure);
            }
            return true;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s stream %d", method, in.id());
        }
    }
}

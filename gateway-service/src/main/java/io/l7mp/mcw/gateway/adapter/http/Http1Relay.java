package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Done;
import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.app.PathSignals;
import io.l7mp.mcw.gateway.domain.HeaderModifier;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * The data plane's HTTP/1.1 fast path: one instance per client connection of a listener, in that connection's Netty
 * pipeline. It reads a request's head (and a body of declared length that fits the replay buffer), lets the
 * listener's {@link Router} decide, writes the request with its new head to a pooled upstream connection of the same
 * event loop ({@link Http1Upstreams}) and relays the response's bytes back as they come, its body unparsed and
 * uncopied: the framing is tracked ({@link Http1Body}), nothing else. No request or response objects, header maps or
 * promises per request, which is where a relay built on the general HTTP server and client spends its time.
 * <p>
 * It handles the common case and nothing else. A connection that asks for anything more (CONNECT, an HTTP/2 preface
 * or upgrade, HTTP/1.0, {@code Expect}, a chunked or large request body, a head it cannot parse strictly) is handed
 * over, with the bytes read so far, to the listener's full HTTP server on a loopback port, which serves it from then
 * on exactly as it serves every connection when the relay is off ({@code mcw.gateway.http1-relay=false}).
 * <p>
 * Retries follow {@link RetryPolicy} as the full path does; the relay keeps the whole request until it is answered,
 * so an idempotent request can always be replayed.
 * <p>
 * Writes to the client go with the void promise: nothing waits on them, and a failed one reaches exceptionCaught,
 * which closes the connection, as the failed write itself would. Writes upstream keep their promise: a connection the
 * server closed as the request went out must end in a plain close, which {@link RetryPolicy} reads as the keep-alive
 * race. The bytes of the heads it writes come from {@link Http1Heads}.
 */
final class Http1Relay extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = Logger.getLogger(Http1Relay.class);
    /** Response heads past this size are refused as a broken upstream. */
    private static final int MAX_RESPONSE_HEAD = 64 * 1024;

    /** What the listener decided for a request. */
    sealed interface Route {
        /**
         * Send it to the first target that answers.
         *
         * @param authority the Host field sent upstream
         * @param headers what to change on the request's forwarded fields (those without Host, Content-Length, the
         *        connection-specific ones and {@code x-mcw-client-protocol})
         * @param span the request's span: its traceparent goes upstream, its retries and end are reported to it
         */
        record Forward(List<Target> targets, String authority, HeaderModifier headers, Done done, HopSpan span)
                implements
                    Route {
            Forward(List<Target> targets, String authority, HeaderModifier headers, Done done) {
                this(targets, authority, headers, done, HopSpan.NONE);
            }
        }

        /**
         * Answer it with a plain-text reason (the listener has counted it, and ended its span).
         *
         * @param location the Location field of a redirect the route answers with; null for none
         */
        record Refuse(int status, String reason, String location) implements Route {
            Refuse(int status, String reason) {
                this(status, reason, null);
            }
        }
    }

    /** A listener's routing, given a parsed request head. */
    interface Router {
        /** @param client the address of the client connection's other end */
        Route route(Http1Head head, String path, String query, SocketAddress client, long started);
    }

    /**
     * Serves, in this gateway, a kind of connection the relay does not serve itself (a CONNECT tunnel, HTTP/2 with
     * prior knowledge), instead of handing it over to the full HTTP server on loopback: the relay stays in the
     * pipeline, counting the connection and passing every later read, writability change and close on to the handler
     * the takeover adds after it ({@code relay.pipeline().addAfter(relay.name(), ...)}).
     */
    interface Takeover {
        /**
         * @param relay the relay's context, the connection's pipeline
         * @param head the first request's head, as parsed
         * @param read every byte read so far, from the first request's head on; the takeover owns (releases) it
         */
        void take(ChannelHandlerContext relay, Http1Head head, ByteBuf read);
    }

    /**
     * One listener's settings.
     *
     * @param connect serves a CONNECT request's connection; null to hand it over to the full HTTP server
     * @param http2 serves a connection that opens with the HTTP/2 preface; null to hand it over
     * @param fallback the loopback ports of the listener's full HTTP servers, one picked per handed-over connection
     * @param idleTimeoutMillis a connection with no request in flight and no bytes from the client for this long is
     *        closed; 0 for never
     */
    record Settings(String direction, Router router, Takeover connect, Takeover http2, int[] fallback, int maxHeaderSize,
            int maxBodyInMemory,
            long requestTimeoutMillis, long idleTimeoutMillis, RetryPolicy retry, TrafficMetrics metrics,
            ChannelFactory<? extends Channel> channelFactory, Http1Upstreams.Registry upstreams,
            PathSignals signals) {
    }

    private final Settings settings;
    private ChannelHandlerContext ctx;
    /** Bytes read and not consumed yet (a head still arriving, a pipelined request). */
    private ByteBuf buffered;
    private Exchange current;
    private boolean processing;
    private boolean closeWhenDone;
    /** Set while reading is paused because the client sent more than a request ahead of the one in flight. */
    private boolean readPaused;
    /** When the client last sent bytes or an exchange ended ({@link System#nanoTime}). */
    private long lastClientActivity;
    private ScheduledFuture<?> idleCheck;
    /** Set once the connection is handed over; {@code splice} is open once its connection is. */
    private boolean handedOver;
    /** Set once a {@link Takeover} serves the connection: reads and events go on down the pipeline. */
    private boolean taken;
    private Channel splice;

    Http1Relay(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        settings.metrics().connectionOpened(settings.direction());
        lastClientActivity = System.nanoTime();
        if (settings.idleTimeoutMillis() > 0) {
            idleCheck = ctx.executor().schedule(this::checkIdle, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        settings.metrics().connectionClosed(settings.direction());
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        if (current != null) {
            current.clientGone();
        }
        if (taken) {
            ctx.fireChannelInactive();
        }
        if (splice != null) {
            splice.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        releaseBuffered();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (taken) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOGGER.debugf("client connection failed: %s", cause.getMessage());
        ctx.close();
    }

    /**
     * Closes the connection once it has been idle for the idle timeout: no request in flight (which has its own
     * timeout) and nothing from the client. One timer per connection, moved on lazily, instead of a handler that
     * stamps every write: the relay knows when a request is in flight. A handed-over connection is the full HTTP
     * server's, with its own idle timeout.
     */
    private void checkIdle() {
        idleCheck = null;
        if (handedOver || taken || !ctx.channel().isActive()) {
            return;
        }
        long timeout = settings.idleTimeoutMillis();
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastClientActivity);
        if (current == null && idle >= timeout) {
            LOGGER.debugf("direction=%s closing connection %s: idle for %d ms", settings.direction(),
                    ctx.channel().remoteAddress(), idle);
            ctx.close();
            return;
        }
        long next = current != null ? timeout : timeout - idle;
        idleCheck = ctx.executor().schedule(this::checkIdle, next, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (taken) {
            ctx.fireChannelRead(in);
            return;
        }
        if (splice != null) {
            splice.writeAndFlush(in);
            if (!splice.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        lastClientActivity = System.nanoTime();
        buffered = buffered == null ? in : append(buffered, in);
        if (handedOver) {
            return;
        }
        if (current != null) {
            // reading goes on while a request is in flight (turning it off and on costs two system calls per request);
            // a client that sends more than one more request ahead is paused until its turn
            if (bufferedPastLimit()) {
                readPaused = true;
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        process();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (taken) {
            ctx.fireChannelWritabilityChanged();
        } else if (splice != null) {
            splice.config().setAutoRead(writable);
        } else if (current != null) {
            current.clientWritable(writable);
        }
    }

    /** Serves the buffered requests one after the other until one is in flight or more bytes are needed. */
    private void process() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            while (current == null && !handedOver && buffered != null && buffered.isReadable()
                    && ctx.channel().isActive()) {
                if (!serveNext()) {
                    break;
                }
            }
            if (buffered != null && !buffered.isReadable()) {
                releaseBuffered();
            }
        } finally {
            processing = false;
        }
    }

    /** @return false when more bytes are needed */
    private boolean serveNext() {
        Http1Head head = Http1Head.request(buffered, settings.maxHeaderSize());
        if (head == null) {
            return false;
        }
        String why = head.unsupported != null ? head.unsupported : unsupported(head);
        if (why != null) {
            Takeover takeover = "HTTP/2".equals(why) ? settings.http2()
                    : "CONNECT".equals(why) ? settings.connect() : null;
            if (takeover != null) {
                takeOver(takeover, head);
            } else {
                handOver(why);
            }
            return false;
        }
        long bodyLength = head.contentLength == Http1Head.NO_LENGTH ? 0 : head.contentLength;
        if (bodyLength > settings.maxBodyInMemory()) {
            handOver("a body of " + bodyLength + " bytes, more than the relay keeps");
            return false;
        }
        if (buffered.readableBytes() < head.length + bodyLength) {
            return false;
        }
        long started = System.nanoTime();
        String target = head.target;
        int q = target.indexOf('?');
        Route route = settings.router().route(head, q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1), ctx.channel().remoteAddress(), started);
        int start = buffered.readerIndex();
        ByteBuf body = bodyLength == 0 ? Unpooled.EMPTY_BUFFER
                : buffered.retainedSlice(start + head.length, (int) bodyLength);
        buffered.skipBytes(head.length + (int) bodyLength);
        if (head.connectionClose) {
            closeWhenDone = true;
        }
        if (route instanceof Route.Refuse refuse) {
            body.release();
            answer(refuse.status(), refuse.reason(), refuse.location());
            return true;
        }
        current = new Exchange(head, (Route.Forward) route, body);
        current.attempt(0);
        return true;
    }

    /** Why the relay hands this request's connection over; null when it serves it itself. */
    private static String unsupported(Http1Head head) {
        if (!head.http11) {
            return "HTTP/1.0";
        }
        if ("CONNECT".equals(head.method) || "PRI".equals(head.method)) {
            return head.method;
        }
        if (head.upgrade) {
            return "an upgrade";
        }
        if (head.expect) {
            return "Expect";
        }
        if (head.chunked || head.otherTransferEncoding) {
            return "a body without a length";
        }
        if (head.contentLength == Http1Head.BAD_LENGTH) {
            return "a malformed Content-Length";
        }
        if (head.hosts != 1) {
            return head.hosts + " Host fields";
        }
        if (head.target.isEmpty() || head.target.charAt(0) != '/') {
            return "a request target not in origin form";
        }
        return null;
    }

    private static final String HANDOVER_HTTP1_0 = "http1_0";
    private static final String HANDOVER_HTTP2_OR_UPGRADE = "http2_or_upgrade";
    private static final String HANDOVER_CONNECT = "connect";
    private static final String HANDOVER_BODY = "body";
    private static final String HANDOVER_OTHER = "other";
    /**
     * Every value of the {@code reason} tag of {@code mcw_gateway_relay_handovers_total} ({@link #reasonTag}), so that
     * the counters can be registered at 0.
     */
    static final List<String> HANDOVER_REASONS = List.of(HANDOVER_HTTP1_0, HANDOVER_HTTP2_OR_UPGRADE, HANDOVER_CONNECT,
            HANDOVER_BODY, HANDOVER_OTHER);

    /** Reason tags for {@code mcw_gateway_relay_handovers_total}: a fixed set, whatever the detail. */
    static String reasonTag(String why) {
        if (why.startsWith("HTTP/1.0")) {
            return HANDOVER_HTTP1_0;
        }
        if (why.equals("HTTP/2") || why.equals("PRI") || why.equals("an upgrade")) {
            return HANDOVER_HTTP2_OR_UPGRADE;
        }
        if (why.equals("CONNECT")) {
            return HANDOVER_CONNECT;
        }
        if (why.startsWith("a body")) {
            return HANDOVER_BODY;
        }
        return HANDOVER_OTHER;
    }

    /** A {@link Takeover} serves the connection from now on, starting with every byte read so far. */
    private void takeOver(Takeover takeover, Http1Head head) {
        taken = true;
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        ByteBuf read = buffered;
        buffered = null;
        takeover.take(ctx, head, read);
    }

    /** Hands the connection, with every byte read so far, to the listener's full HTTP server. */
    private void handOver(String why) {
        handedOver = true;
        Channel client = ctx.channel();
        LOGGER.debugf("direction=%s handing connection %s over to the HTTP server: %s", settings.direction(),
                client.remoteAddress(), why);
        settings.metrics().relayHandedOver(settings.direction(), reasonTag(why));
        client.config().setAutoRead(false);
        int[] ports = settings.fallback();
        int port = ports[ThreadLocalRandom.current().nextInt(ports.length)];
        new Bootstrap().group(client.eventLoop()).channelFactory(settings.channelFactory())
                .option(ChannelOption.TCP_NODELAY, true).handler(new SpliceBack(client))
                .connect(new InetSocketAddress("127.0.0.1", port)).addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        LOGGER.warnf("cannot hand a connection over to the HTTP server on 127.0.0.1:%d: %s", port,
                                f.cause().getMessage());
                        client.close();
                        return;
                    }
                    if (!client.isActive()) {
                        f.channel().close();
                        return;
                    }
                    splice = f.channel();
                    if (buffered != null) {
                        splice.writeAndFlush(buffered);
                        buffered = null;
                    }
                    client.config().setAutoRead(true);
                });
    }

    /** The server side of a handed-over connection: its bytes go to the client as they come. */
    private static final class SpliceBack extends ChannelInboundHandlerAdapter {
        private final Channel client;

        SpliceBack(Channel client) {
            this.client = client;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            client.writeAndFlush(msg);
            if (!client.isWritable()) {
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            client.config().setAutoRead(ctx.channel().isWritable());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Sends a plain-text answer, as every refusal of the gateway reads. */
    private void answer(int status, String reason, String location) {
        ByteBuf out = Http1Heads.plainAnswer(ctx.alloc(), status, reason, location, closeWhenDone);
        if (closeWhenDone) {
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(out);
        }
    }

    /** The exchange in flight ended; the next pipelined request, if any, is served. */
    private void exchangeDone(Exchange exchange, boolean close) {
        if (current != exchange) {
            return;
        }
        current = null;
        lastClientActivity = System.nanoTime();
        if (close || closeWhenDone) {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        process();
        if (readPaused && !handedOver && !bufferedPastLimit()) {
            readPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Whether the client sent more ahead of the request in flight than one more whole request may take. */
    private boolean bufferedPastLimit() {
        return buffered != null && buffered.readableBytes() > settings.maxHeaderSize() + settings.maxBodyInMemory();
    }

    private void releaseBuffered() {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

    /** Appends {@code in} to {@code to}, growing it if needed; releases {@code in}. */
    private ByteBuf append(ByteBuf to, ByteBuf in) {
        try {
            if (to.writableBytes() >= in.readableBytes() && to.refCnt() == 1 && !to.isReadOnly()) {
                return to.writeBytes(in);
            }
            ByteBuf merged = ctx.alloc().buffer(to.readableBytes() + in.readableBytes());
            merged.writeBytes(to).writeBytes(in);
            to.release();
            return merged;
        } finally {
            in.release();
        }
    }

    /** One request in flight: its attempts, and its response as it is relayed. Confined to the event loop. */
    private final class Exchange implements Http1Upstreams.Listener {
        private final Http1Head head;
        private final Route.Forward route;
        private final ByteBuf body;
        /** The request's head as sent upstream, kept for a retry. */
        private final ByteBuf requestHead;
        private int index;
        private boolean retriedInPlace;
        private Http1Upstreams.Connection connection;
        private boolean finished;
        /** Whether bytes of the response went to the client: from then on nothing can be retried. */
        private boolean responseStarted;
        private ByteBuf responseBuffer;
        /** The length of the response head left unwritten in front of the buffer's readable bytes. */
        private int heldHead;
        private Http1Head response;
        private Http1Body responseBody;
        private boolean upstreamReusable;
        private boolean closeClient;
        private long responseBytes;
        private long lastActivity;
        private ScheduledFuture<?> timeout;

        Exchange(Http1Head head, Route.Forward route, ByteBuf body) {
            this.head = head;
            this.route = route;
            this.body = body;
            this.requestHead = Http1Heads.request(ctx.alloc(), head, route.authority(), route.headers(),
                    body.readableBytes(), route.span().traceparent());
        }

        void attempt(int index) {
            this.index = index;
            settings.upstreams().forLoop(ctx.channel().eventLoop()).acquire(route.targets().get(index), this::connected,
                    cause -> failed(RetryPolicy.Failure.CONNECT_FAILED, cause));
        }

        private void connected(Http1Upstreams.Connection connection) {
            if (finished) {
                connection.release(true);
                return;
            }
            this.connection = connection;
            connection.lease(this);
            Channel upstream = connection.channel;
            upstream.write(requestHead.retainedDuplicate());
            if (body.isReadable()) {
                upstream.write(body.retainedDuplicate());
            }
            upstream.flush();
            upstream.config().setAutoRead(ctx.channel().isWritable());
            lastActivity = System.nanoTime();
            if (timeout == null) {
                timeout = ctx.executor().schedule(this::checkTimeout, settings.requestTimeoutMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }

        /** Fails the attempt when the upstream sent nothing for the request timeout, as the full path does. */
        private void checkTimeout() {
            timeout = null;
            if (finished) {
                return;
            }
            long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
            if (idle < settings.requestTimeoutMillis()) {
                timeout = ctx.executor().schedule(this::checkTimeout, settings.requestTimeoutMillis() - idle,
                        TimeUnit.MILLISECONDS);
                return;
            }
            Http1Upstreams.Connection timedOut = connection;
            connection = null;
            if (timedOut != null) {
                timedOut.release(false);
            }
            String message = "timeout: no response byte within " + settings.requestTimeoutMillis() + " ms";
            if (responseStarted) {
                broken(message);
            } else {
                failed(RetryPolicy.Failure.NO_RESPONSE, new java.util.concurrent.TimeoutException(message));
            }
        }

        @Override
        public void read(Http1Upstreams.Connection from, ByteBuf data) {
            if (finished || from != connection) {
                data.release();
                return;
            }
            lastActivity = System.nanoTime();
            if (response == null) {
                responseBuffer = responseBuffer == null ? data : append(responseBuffer, data);
                data = readResponseHead();
                if (data == null) {
                    return;
                }
            }
            relayBody(data);
        }

        /** Reads the response head once whole and writes it to the client; returns the bytes after it, or null. */
        private ByteBuf readResponseHead() {
            while (true) {
                Http1Head parsed = Http1Head.response(responseBuffer, MAX_RESPONSE_HEAD);
                if (parsed == null) {
                    return null;
                }
                if (parsed.unsupported != null || parsed.status == 101) {
                    giveUpOnResponse("a response the relay cannot pass on ("
                            + (parsed.unsupported != null ? parsed.unsupported : "101 Switching Protocols") + ")");
                    return null;
                }
                if (parsed.status < 200) {
                    // an interim response (103 Early Hints): passed on, the final one follows
                    ctx.write(responseBuffer.retainedSlice(responseBuffer.readerIndex(), parsed.length), ctx.voidPromise());
                    responseBuffer.skipBytes(parsed.length);
                    responseStarted = true;
                    continue;
                }
                response = parsed;
                break;
            }
            boolean noBody = "HEAD".equals(head.method) || response.status == 204 || response.status == 304;
            if (noBody) {
                responseBody = Http1Body.ofLength(0);
            } else if (response.chunked && !response.otherTransferEncoding) {
                responseBody = Http1Body.chunked();
            } else if (response.otherTransferEncoding || response.contentLength == Http1Head.BAD_LENGTH) {
                giveUpOnResponse("a response with an unusable framing");
                return null;
            } else if (response.contentLength >= 0) {
                responseBody = Http1Body.ofLength(response.contentLength);
            } else {
                responseBody = Http1Body.untilClose();
                closeClient = true;
            }
            upstreamReusable = !responseBody.untilCloseBody()
                    && (response.http11 ? !response.connectionClose : response.connectionKeepAlive);
            closeClient |= closeWhenDone;
            if (Http1Heads.passesAsIs(response, closeClient)) {
                // left in the buffer, in front of the body's first bytes, and written with them in one piece
                heldHead = response.length;
            } else {
                ctx.write(Http1Heads.rebuiltResponse(ctx.alloc(),
                        Http1Head.responseWithAllFields(responseBuffer, MAX_RESPONSE_HEAD), closeClient),
                        ctx.voidPromise());
            }
            responseBuffer.skipBytes(response.length);
            responseStarted = true;
            ByteBuf rest = responseBuffer;
            responseBuffer = null;
            return rest;
        }

        /** Relays the body's bytes in {@code data}, behind the held head if there is one. */
        private void relayBody(ByteBuf data) {
            int length = responseBody.scan(data);
            if (length > 0 || heldHead > 0) {
                responseBytes += Math.max(length, 0);
                ctx.write(data.retainedSlice(data.readerIndex() - heldHead, heldHead + Math.max(length, 0)),
                        ctx.voidPromise());
                heldHead = 0;
            }
            if (length < 0) {
                data.release();
                broken("the response's chunked framing is broken: " + responseBody.error());
                return;
            }
            data.skipBytes(length);
            boolean leftover = data.isReadable();
            data.release();
            if (!responseBody.done()) {
                ctx.flush();
                return;
            }
            // bytes after the response answer no request: the connection is out of step
            complete(upstreamReusable && !leftover);
        }

        private void complete(boolean reusable) {
            finish(response.status, reusable, null, null);
            ctx.flush();
            exchangeDone(this, closeClient);
        }

        /**
         * Ends the exchange: the upstream connection goes back to the pool ({@code reuseConnection}) or is closed, the
         * buffers are released, the outcome is reported.
         *
         * @param answer the text of the relay's own answer; null when the upstream's goes to the client
         * @param failure why the exchange failed beyond its status; null when it did not
         */
        private void finish(int status, boolean reuseConnection, String answer, String failure) {
            finished = true;
            cancelTimeout();
            Http1Upstreams.Connection used = connection;
            connection = null;
            if (used != null) {
                used.release(reuseConnection);
            }
            releaseResponseBuffer();
            body.release();
            requestHead.release();
            route.done().finished(status, index, Math.max(0, head.contentLength), responseBytes);
            route.span().end(status, index, answer, failure);
        }

        @Override
        public void closed(Http1Upstreams.Connection from, Throwable cause) {
            if (finished || from != connection) {
                return;
            }
            connection = null;
            if (responseStarted && responseBody != null && responseBody.untilCloseBody() && cause == null) {
                complete(false);
            } else if (responseStarted) {
                broken("the upstream connection closed in the middle of the response"
                        + (cause == null ? "" : ": " + cause.getMessage()));
            } else if (cause instanceof PathConnections.PathDownException) {
                failed(RetryPolicy.Failure.PATH_DOWN, cause);
            } else {
                failed(cause == null ? RetryPolicy.Failure.PEER_CLOSED : RetryPolicy.Failure.NO_RESPONSE,
                        cause == null ? new java.io.IOException("connection closed before any response byte")
                                : cause);
            }
        }

        void clientWritable(boolean writable) {
            Http1Upstreams.Connection used = connection;
            if (used != null) {
                used.channel.config().setAutoRead(writable);
            }
        }

        /** The client went away: the upstream connection cannot be reused with a response half read. */
        void clientGone() {
            if (!finished) {
                finish(HttpForwarder.CLIENT_CLOSED_REQUEST, false, null, HttpForwarder.CLIENT_GONE);
            }
        }

        /** An upstream answer the relay cannot pass on, nothing of it sent yet: 502 to the client. */
        private void giveUpOnResponse(String reason) {
            Target target = route.targets().get(index);
            if (responseStarted) {
                broken(reason);
                return;
            }
            route.span().log(LOGGER, Logger.Level.INFO, "upstream=%s:%d status=502 reason=%s", target.host(), target.port(),
                    reason);
            end(502, "upstream " + target.host() + ":" + target.port() + " sent " + reason);
        }

        /** The response broke after bytes of it went to the client: the client connection is closed. */
        private void broken(String reason) {
            Target target = route.targets().get(index);
            route.span().log(LOGGER, Logger.Level.DEBUG, "upstream=%s:%d response broke off: %s", target.host(), target.port(),
                    reason);
            finish(response != null ? response.status : 502, false, null, "the response broke off: " + reason);
            ctx.flush();
            ctx.close();
        }

        /** An attempt failed before any response byte: retried as {@link RetryPolicy} says, else answered. */
        private void failed(RetryPolicy.Failure failure, Throwable cause) {
            if (finished) {
                return;
            }
            releaseResponseBuffer();
            Target target = route.targets().get(index);
            HttpForwarder.reportPath(target, failure, cause, settings.signals());
            String method = head.method;
            RetryPolicy.Decision decision = settings.retry().decide(index + 1, route.targets().size(), failure,
                    method, retriedInPlace);
            if (decision instanceof RetryPolicy.Decision.Retry next) {
                retriedInPlace |= HttpForwarder.logRetry(route.span(), target, failure, method, cause,
                        next.nextCandidate() == index);
                route.span().retry(target, failure, route.targets().get(next.nextCandidate()));
                attempt(next.nextCandidate());
                return;
            }
            String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
            int status = cause instanceof java.util.concurrent.TimeoutException ? 504 : 502;
            route.span().log(LOGGER, Logger.Level.INFO, "gave up upstream=%s:%d failure=%s status=%d reason=%s cause=%s",
                    target.host(),
                    target.port(), failure, status, reason, cause.getMessage());
            end(status, "upstream " + target.host() + ":" + target.port() + " failed (" + cause.getMessage() + "); "
                    + reason);
        }

        /** Ends the exchange with the gateway's own answer. */
        private void end(int status, String message) {
            finish(status, false, message, null);
            answer(status, message, null);
            exchangeDone(this, false);
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel(false);
                timeout = null;
            }
        }

        private void releaseResponseBuffer() {
            if (responseBuffer != null) {
                responseBuffer.release();
                responseBuffer = null;
            }
        }
    }
}

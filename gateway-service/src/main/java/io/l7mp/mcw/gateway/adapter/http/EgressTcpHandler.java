package io.l7mp.mcw.gateway.adapter.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.adapter.http.TrafficMetrics.Flow;
import io.l7mp.mcw.gateway.domain.EgressDecision;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.l7mp.mcw.gateway.domain.RouteTable;
import io.l7mp.mcw.gateway.domain.Upstream;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One connection to an egress listener of an opaque TCP service port, at Netty level (ADR 0021): it reads nothing
 * until its tunnel is open. The route table picks the candidates; the first is dialled on the connection's event loop
 * (through {@link DialGuard}, with the policy's DSCP, from the WAN source address) and sent an HTTP CONNECT with the
 * destination's clusterset authority; on {@code 200} the two connections are spliced ({@link TcpSplice}), on any
 * other answer the client connection is closed. A connection that fails before the answer is retried on the next
 * candidate as {@link RetryPolicy} says, and its failure reported to the path's health. The tunnel connection is
 * tracked by {@link PathConnections}, so a path that goes down closes it, and the client with it.
 * <p>
 * Each connection gets a span of its own, a root (a TCP client sends no trace context), which the CONNECT carries to
 * the peer and which ends when the connection does.
 */
final class EgressTcpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOGGER = Logger.getLogger(EgressTcpHandler.class);
    private static final String CONNECT = "CONNECT";

    private final int listenerPort;
    private final DataPlaneContext context;
    private final TcpSettings settings;
    private Channel client;
    private HopSpan span;
    private EgressDecision.Route route;
    private String cluster;
    private long started;
    private int index;
    /** Bytes the client sent before the tunnel was open (a FIN's pending bytes are read whatever AUTO_READ says). */
    private ByteBuf toTunnel;
    private boolean inputEnded;
    private boolean spliced;
    /** The connection to the peer of the attempt in progress. */
    private Channel tunnel;
    private ScheduledFuture<?> idleCheck;

    EgressTcpHandler(int listenerPort, DataPlaneContext context, TcpSettings settings) {
        this.listenerPort = listenerPort;
        this.context = context;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        client = ctx.channel();
        context.metrics().connectionOpened(TrafficMetrics.EGRESS);
        client.closeFuture().addListener(f -> context.metrics().connectionClosed(TrafficMetrics.EGRESS));
        if (settings.idleTimeoutMillis() > 0) {
            // until the splice takes over the idle timeout: a peer that never answers the CONNECT
            idleCheck = client.eventLoop().schedule(this::idle, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS);
        }
        span = context.tracer().egress(CONNECT, null);
        RouteTable table = context.table();
        EgressDecision decision = table.egressTcp(listenerPort, ThreadLocalRandom.current().nextDouble());
        if (decision instanceof EgressDecision.Route routed) {
            route = routed;
            cluster = table.cluster();
            started = System.nanoTime();
            span.egress(table, route.destination(), route.candidates());
            if (span.recording()) {
                SpanAttributes.egressRequest(span, CONNECT, "", route.authority(), "1.1");
            }
            connect(0);
        } else {
            span.log(LOGGER, Logger.Level.INFO, "egress port=%d closing connection: %s", listenerPort, decision);
            if (span.recording()) {
                SpanAttributes.egressRequest(span, CONNECT, "", null, "1.1");
            }
            span.end(0, 0, null, "no route: " + decision);
            client.close();
        }
    }

    private void idle() {
        idleCheck = null;
        if (!spliced && client.isActive()) {
            span.log(LOGGER, Logger.Level.INFO, "CONNECT %s not answered within %d ms (mcw.gateway.idle-timeout): closing",
                    route == null ? "" : route.authority(), settings.idleTimeoutMillis());
            span.end(0, index, null, "the CONNECT was not answered within the idle timeout");
            client.close();
        }
    }

    private void connect(int candidate) {
        index = candidate;
        Upstream upstream = route.candidates().get(candidate);
        Target target = target(upstream);
        Flow flow = new Flow(TrafficMetrics.EGRESS, cluster, upstream.cluster(), route.destination(), upstream.policy(),
                upstream.tunnelPort());
        context.guard().resolve(client.eventLoop(), target.host(), target.port(), span).addListener(resolved -> {
            if (!resolved.isSuccess()) {
                retryOrClose(target, resolved.cause());
                return;
            }
            Answer answer = new Answer(target, flow);
            ChannelFuture connecting = settings.connect(client.eventLoop(), (InetSocketAddress) resolved.getNow(),
                    upstream.dscp(), true, answer, true);
            connecting.addListener(done -> connected(connecting, target, answer));
        });
    }

    private static Target target(Upstream upstream) {
        return new Target(upstream.ingressHost(), upstream.tunnelPort(), upstream.dscp(), upstream.path());
    }

    private void connected(ChannelFuture connecting, Target target, Answer answer) {
        if (!connecting.isSuccess()) {
            retryOrClose(target, connecting.cause());
            return;
        }
        tunnel = connecting.channel();
        if (!client.isActive()) {
            tunnel.close();
            return;
        }
        context.paths().track(target, tunnel);
        tunnel.writeAndFlush(Http1Heads.connect(tunnel.alloc(), route.authority(),
                route.destination().clustersetHost() + ":" + route.port(), span.traceparent()), tunnel.voidPromise());
    }

    private void retryOrClose(Target target, Throwable failure) {
        tunnel = null;
        String cause = failure.getMessage();
        HttpForwarder.reportPath(target, RetryPolicy.Failure.CONNECT_FAILED, failure, context.signals());
        if (!client.isActive()) {
            span.end(0, index, null, HttpForwarder.CLIENT_GONE);
            return;
        }
        RetryPolicy.Decision decision = context.retry().afterFailure(index + 1, route.candidates().size(),
                RetryPolicy.Failure.CONNECT_FAILED, null);
        if (decision instanceof RetryPolicy.Decision.Retry retry) {
            span.retry(target, RetryPolicy.Failure.CONNECT_FAILED,
                    target(route.candidates().get(retry.nextCandidate())));
            connect(retry.nextCandidate());
        } else {
            String reason = ((RetryPolicy.Decision.GiveUp) decision).reason();
            span.log(LOGGER, Logger.Level.INFO, "CONNECT %s failed (%s): %s", route.authority(), cause, reason);
            span.end(0, index, null, "CONNECT " + route.authority() + " failed (" + cause + "): " + reason);
            client.close();
        }
    }

    /** The peer answered 200: from now on the two connections are one stream. */
    private void splice(Channel tunnel, Answer answer, ByteBuf afterHead, Flow flow) {
        spliced = true;
        this.tunnel = null;
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        context.metrics().request(flow, 200, context.since(started), 0);
        ByteBuf fromClient = toTunnel;
        toTunnel = null;
        int used = index;
        TcpSplice.join(new TcpSplice.Joined(client, this, fromClient, inputEnded),
                new TcpSplice.Joined(tunnel, answer, afterHead, false), settings.idleTimeoutMillis(),
                (bytes, cause) -> {
                    context.metrics().bytes(flow, bytes);
                    if (cause != null) {
                        span.log(LOGGER, Logger.Level.DEBUG, "CONNECT %s ended: %s", route.authority(),
                                cause.getMessage());
                    }
                    span.end(200, used, null, null);
                });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        toTunnel = toTunnel == null ? data : ctx.alloc().compositeBuffer().addComponents(true, toTunnel, data);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            inputEnded = true;
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tunnel != null) {
            // the client left while its CONNECT was waiting for an answer
            tunnel.close();
        }
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        if (toTunnel != null) {
            toTunnel.release();
            toTunnel = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /**
     * The tunnel connection until the peer's answer to the CONNECT has come (its head may come in pieces): a 200
     * splices, anything else closes the client; a connection that closes or fails first is retried.
     */
    private final class Answer extends ChannelInboundHandlerAdapter {
        private final Target target;
        private final Flow flow;
        private ByteBuf head;
        private Throwable failure;
        private boolean answered;

        Answer(Target target, Flow flow) {
            this.target = target;
            this.flow = flow;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf data) || answered) {
                ReferenceCountUtil.release(msg);
                return;
            }
            head = head == null ? data : ctx.alloc().compositeBuffer().addComponents(true, head, data);
            Http1Head parsed = Http1Head.response(head, settings.maxHeadSize());
            if (parsed == null) {
                return;
            }
            answered = true;
            ByteBuf read = head;
            head = null;
            if (parsed.unsupported != null) {
                read.release();
                ctx.close();
                retryOrClose(target, new IOException("the peer's answer to the CONNECT cannot be read: "
                        + parsed.unsupported));
            } else if (parsed.status != 200) {
                read.release();
                refused(ctx.channel(), parsed.status);
            } else {
                read.skipBytes(parsed.length);
                if (!read.isReadable()) {
                    read.release();
                    read = null;
                }
                splice(ctx.channel(), this, read, flow);
            }
        }

        /** The peer answered the CONNECT with something else than 200: the client's connection is closed. */
        private void refused(Channel tunnel, int status) {
            Upstream upstream = route.candidates().get(index);
            span.log(LOGGER, Logger.Level.INFO, "CONNECT %s via %s:%d answered %d: closing", route.authority(),
                    upstream.ingressHost(), upstream.tunnelPort(), status);
            context.metrics().request(flow, status, context.since(started), 0);
            span.end(status, index, null, "the peer answered the CONNECT with " + status
                    + ": the connection was closed");
            tunnel.close();
            client.close();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                // the peer's FIN before (the rest of) its answer: as a close
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (failure == null) {
                failure = cause;
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (head != null) {
                head.release();
                head = null;
            }
            if (answered) {
                return;
            }
            answered = true;
            if (!client.isActive()) {
                // closed because the client left: nothing to say about the path
                span.end(0, index, null, HttpForwarder.CLIENT_GONE);
                return;
            }
            retryOrClose(target, failure != null ? failure
                    : new IOException("the peer closed the connection before answering the CONNECT"));
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.l7mp.mcw.gateway.adapter.http.HttpForwarder.Target;
import io.l7mp.mcw.gateway.domain.RetryPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Serves a CONNECT on an ingress listener in the gateway itself, in the client connection's pipeline behind the
 * {@link Http1Relay} (ADR 0021): the listener's {@link IngressHandler} decides by the CONNECT's target as for every
 * request (the same table question, flow, metrics and span), the backends are dialled in turn on the connection's
 * event loop through {@link DialGuard}, and once one is open the client gets the answer the full HTTP server gives
 * ({@code HTTP/1.1 200 OK} and nothing else) and the two connections are spliced ({@link TcpSplice}). What the client
 * sent after the CONNECT head goes to the backend first. A refusal (404, 403, 503, or 502 when no backend could be
 * reached) is answered as the gateway answers every refusal, and the connection closed.
 */
final class IngressConnect implements Http1Relay.Takeover {
    /** The answer to an accepted CONNECT, byte for byte what the full HTTP server (Vert.x 4) writes. */
    private static final byte[] CONNECTED = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final IngressHandler ingress;
    private final DataPlaneContext context;
    private final TcpSettings settings;

    IngressConnect(IngressHandler ingress, DataPlaneContext context, TcpSettings settings) {
        this.ingress = ingress;
        this.context = context;
        this.settings = settings;
    }

    @Override
    public void take(ChannelHandlerContext relay, Http1Head head, ByteBuf read) {
        long started = System.nanoTime();
        Channel client = relay.channel();
        read.skipBytes(head.length);
        IngressHandler.Connect decision = ingress.connect(head, client.remoteAddress(), started);
        if (decision instanceof IngressHandler.Connect.Refused refused) {
            read.release();
            answerAndClose(client, refused.status(), refused.reason());
            return;
        }
        // from here on a FIN from the client is a half-close the tunnel carries, not the end of the connection
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        client.config().setAutoRead(false);
        Opening opening = new Opening(client, (IngressHandler.Connect.Open) decision, read);
        relay.pipeline().addAfter(relay.name(), "ingress-connect", opening);
        opening.dial(0);
    }

    private static void answerAndClose(Channel client, int status, String reason) {
        client.writeAndFlush(Http1Heads.plainAnswer(client.alloc(), status, reason, null, true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** One CONNECT while its backend is dialled: keeps what the client sends meanwhile. Confined to the event loop. */
    private final class Opening extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final IngressHandler.Connect.Open open;
        /** What the client sent after the CONNECT head, for the backend. */
        private ByteBuf toBackend;
        private boolean inputEnded;
        private boolean gone;
        private int index;

        Opening(Channel client, IngressHandler.Connect.Open open, ByteBuf toBackend) {
            this.client = client;
            this.open = open;
            this.toBackend = toBackend;
        }

        void dial(int index) {
            this.index = index;
            Target target = open.targets().get(index);
            context.guard().resolve(client.eventLoop(), target.host(), target.port(), open.span())
                    .addListener(resolved -> {
                        if (!resolved.isSuccess()) {
                            failed(resolved.cause());
                            return;
                        }
                        ChannelFuture connecting = settings.connect(client.eventLoop(),
                                (InetSocketAddress) resolved.getNow(), null, false, TcpSplice.Unspliced.INSTANCE, false);
                        connecting.addListener(done -> connected(connecting));
                    });
        }

        private void connected(ChannelFuture connecting) {
            if (!connecting.isSuccess()) {
                failed(connecting.cause());
                return;
            }
            Channel backend = connecting.channel();
            if (gone) {
                backend.close();
                release();
                open.span().end(200, index, null, HttpForwarder.CLIENT_GONE);
                return;
            }
            client.writeAndFlush(Unpooled.wrappedBuffer(CONNECTED), client.voidPromise());
            context.metrics().request(open.flow(), 200, context.since(open.started()), 0);
            ByteBuf first = toBackend;
            toBackend = null;
            if (!first.isReadable()) {
                first.release();
                first = null;
            }
            TcpSplice.join(new TcpSplice.Joined(client, this, first, inputEnded),
                    new TcpSplice.Joined(backend, TcpSplice.Unspliced.INSTANCE, null, false),
                    settings.idleTimeoutMillis(), (bytes, cause) -> {
                        context.metrics().bytes(open.flow(), bytes);
                        open.span().end(200, index, null, null);
                    });
        }

        /** The backend could not be reached: the next one, or 502 naming it and why. */
        private void failed(Throwable cause) {
            RetryPolicy.Decision decision = ingress.afterBackendFailure(open.targets(), index, open.span());
            if (decision instanceof RetryPolicy.Decision.Retry retry) {
                dial(retry.nextCandidate());
                return;
            }
            release();
            String reason = IngressHandler.backendFailed(open.targets().get(index), cause,
                    (RetryPolicy.Decision.GiveUp) decision);
            ingress.refused(502, reason, open.flow(), open.started(), open.span());
            answerAndClose(client, 502, reason);
        }

        private void release() {
            if (toBackend != null) {
                toBackend.release();
                toBackend = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf data) || toBackend == null) {
                ReferenceCountUtil.release(msg);
                return;
            }
            toBackend = toBackend.isReadable()
                    ? ctx.alloc().compositeBuffer().addComponents(true, toBackend, data)
                    : replace(toBackend, data);
        }

        private static ByteBuf replace(ByteBuf before, ByteBuf data) {
            before.release();
            return data;
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
            gone = true;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.l7mp.mcw.gateway.adapter.http.SpliceState.Event;
import io.l7mp.mcw.gateway.adapter.http.SpliceState.Side;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * Two TCP connections of one event loop joined into one opaque stream both ways (the gateways' CONNECT tunnels, ADR
 * 0021), with the least work Netty allows per read:
 * <ul>
 * <li>what one side reads is written to the other as the same buffer (no copy, no allocation, the void promise),
 * and flushed once per read batch ({@code channelReadComplete});</li>
 * <li>back-pressure by reading: a side stops reading while the other cannot take more (its outbound buffer is past
 * the high water mark) and resumes when it can ({@code channelWritabilityChanged});</li>
 * <li>a half-close is carried through: when one side reads its peer's FIN, the other side's output is shut once what
 * went to it is written, and bytes keep flowing the other way; both connections close when both directions ended,
 * or at once when either closes or fails (after writing what it read), or after the idle timeout without a byte.</li>
 * </ul>
 * The state and its transitions are {@link SpliceState}'s. Both connections must be on one event loop: nothing here
 * is synchronized.
 */
final class TcpSplice {
    private static final Logger LOGGER = Logger.getLogger(TcpSplice.class);
    private static final String NAME = "tcp-splice";

    /**
     * One connection as the splice takes it over.
     *
     * @param replacing the handler of its pipeline the splice takes the place of; null to add the splice last
     * @param toPeer bytes read from it before the splice, to go to the other side first (the splice releases them);
     *        null for none
     * @param inputEnded whether it already read its peer's FIN
     */
    record Joined(Channel channel, ChannelHandler replacing, ByteBuf toPeer, boolean inputEnded) {
    }

    /** Told once, when both connections have closed. */
    interface Ended {
        /**
         * @param bytes the bytes that went through, both ways
         * @param cause why it ended, when not in order; null when it did
         */
        void ended(long bytes, Throwable cause);
    }

    /**
     * Holds a dialled connection's place in its pipeline until the splice replaces it (its Bootstrap needs a handler),
     * reading nothing ({@code AUTO_READ} off): whatever happens to the connection meanwhile, the splice finds out when
     * it starts.
     */
    @ChannelHandler.Sharable
    static final class Unspliced extends ChannelInboundHandlerAdapter {
        static final Unspliced INSTANCE = new Unspliced();

        private Unspliced() {
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // a connection read before the splice started (epoll reads a FIN's pending bytes whatever AUTO_READ says)
            ReferenceCountUtil.release(msg);
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private final Half client;
    private final Half upstream;
    private final Ended ended;
    private final long idleTimeoutNanos;
    private SpliceState state = new SpliceState.Forwarding();
    private long bytes;
    private long lastActivity = System.nanoTime();
    private int open = 2;
    private ScheduledFuture<?> idleCheck;

    private TcpSplice(Channel client, Channel upstream, long idleTimeoutMillis, Ended ended) {
        this.client = new Half(Side.CLIENT, client);
        this.upstream = new Half(Side.UPSTREAM, upstream);
        this.client.peer = this.upstream;
        this.upstream.peer = this.client;
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
        this.ended = ended;
    }

    /**
     * Joins {@code client} and {@code upstream}, which must be on one event loop; call it there. Reading starts on both
     * (as far as the other can take it), the bytes each brought go to the other first.
     *
     * @param idleTimeoutMillis both close after this long without a byte either way; 0 for never
     */
    static void join(Joined client, Joined upstream, long idleTimeoutMillis, Ended ended) {
        TcpSplice splice = new TcpSplice(client.channel(), upstream.channel(), idleTimeoutMillis, ended);
        splice.client.install(client.replacing());
        splice.upstream.install(upstream.replacing());
        splice.start(client, splice.client);
        splice.start(upstream, splice.upstream);
        if (idleTimeoutMillis > 0) {
            splice.idleCheck = client.channel().eventLoop().schedule(splice::checkIdle, idleTimeoutMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void start(Joined joined, Half half) {
        Channel peer = half.peer.channel;
        if (joined.toPeer() != null) {
            bytes += joined.toPeer().readableBytes();
            peer.writeAndFlush(joined.toPeer(), peer.voidPromise());
        }
        half.channel.config().setAutoRead(peer.isWritable());
        if (!half.channel.isActive()) {
            on(new Event.Gone(half.side, null));
        } else if (joined.inputEnded()) {
            on(new Event.InputEnded(half.side));
        }
    }

    /** The one place the state changes: moves it on and does what the transition asks. */
    private void on(Event event) {
        SpliceState before = state;
        state = SpliceState.on(before, event);
        if (state == before) {
            return;
        }
        if (state instanceof SpliceState.HalfClosed half) {
            shutOutputWhenWritten(half(half.ended().other()).channel);
        } else if (event instanceof Event.Idle) {
            client.channel.close();
            upstream.channel.close();
        } else if (event instanceof Event.Gone gone && gone.cause() != null) {
            LOGGER.debugf("TCP splice %s: the %s connection failed: %s", client.channel.remoteAddress(),
                    gone.side().name().toLowerCase(Locale.ROOT), gone.cause().getMessage());
            half(gone.side()).channel.close();
            closeWhenWritten(half(gone.side().other()).channel);
        } else {
            // both directions ended, or one side closed: each closes once what went to it is written
            closeWhenWritten(client.channel);
            closeWhenWritten(upstream.channel);
        }
    }

    private Half half(Side side) {
        return side == Side.CLIENT ? client : upstream;
    }

    private static void shutOutputWhenWritten(Channel channel) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
            } else {
                channel.close();
            }
        });
    }

    private static void closeWhenWritten(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** One timer per splice, moved on lazily: the reads only note the time of their batch. */
    private void checkIdle() {
        idleCheck = null;
        if (state instanceof SpliceState.Closed) {
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle >= idleTimeoutNanos) {
            on(new Event.Idle(new TimeoutException("no byte either way for "
                    + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms (mcw.gateway.idle-timeout)")));
            return;
        }
        idleCheck = client.channel.eventLoop().schedule(this::checkIdle, idleTimeoutNanos - idle,
                TimeUnit.NANOSECONDS);
    }

    private void closed() {
        if (--open > 0) {
            return;
        }
        if (idleCheck != null) {
            idleCheck.cancel(false);
            idleCheck = null;
        }
        ended.ended(bytes, ((SpliceState.Closed) state).cause());
    }

    /** The splice's handler in one connection's pipeline: what it reads goes to {@code peer}. */
    private final class Half extends ChannelInboundHandlerAdapter {
        final Side side;
        final Channel channel;
        Half peer;
        /** Whether bytes went to the peer in this read batch, unflushed. */
        private boolean written;

        Half(Side side, Channel channel) {
            this.side = side;
            this.channel = channel;
        }

        void install(ChannelHandler replacing) {
            channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            if (replacing == null) {
                channel.pipeline().addLast(NAME, this);
            } else {
                channel.pipeline().replace(replacing, NAME, this);
            }
            channel.closeFuture().addListener(f -> {
                on(new Event.Gone(side, null));
                closed();
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf data) || state instanceof SpliceState.Closed) {
                ReferenceCountUtil.release(msg);
                return;
            }
            bytes += data.readableBytes();
            Channel out = peer.channel;
            out.write(data, out.voidPromise());
            written = true;
            if (!out.isWritable()) {
                // the peer's outbound buffer is past its high water mark: read no more until it drained
                channel.config().setAutoRead(false);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            lastActivity = System.nanoTime();
            if (written) {
                written = false;
                peer.channel.flush();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (!(state instanceof SpliceState.Closed)) {
                peer.channel.config().setAutoRead(channel.isWritable());
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ChannelInputShutdownEvent.INSTANCE) {
                on(new Event.InputEnded(side));
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            on(new Event.Gone(side, cause));
        }
    }
}

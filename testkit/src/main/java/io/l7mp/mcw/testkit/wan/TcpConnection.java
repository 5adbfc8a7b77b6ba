package io.l7mp.mcw.testkit.wan;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Function;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;
import io.l7mp.mcw.testkit.wan.WanPath.Direction;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * One accepted TCP connection and the connection it opens onward to the destination cluster's local address, with a
 * {@link TcpStream} per direction. It follows the path's cut: none (connect onward, relay), blackhole (stop reading
 * both sides; a new connection is neither read nor connected onward), reset (close both sides with SO_LINGER 0, so
 * both peers see a RST). A FIN is passed on after the bytes before it, so half-closed connections work. Everything
 * runs on the accepted channel's event loop, which the onward channel shares.
 */
final class TcpConnection implements WanPath.Member {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final WanPath path;
    private final Channel inbound;
    private final InetSocketAddress target;
    private final TcpStream forward;
    private final TcpStream reverse;
    private Channel outbound;
    private boolean outboundConnected;
    private boolean closed;

    TcpConnection(WanPath path, Channel inbound, InetSocketAddress target) {
        this.path = path;
        this.inbound = inbound;
        this.target = target;
        this.forward = new TcpStream(path, Direction.FORWARD, this);
        this.reverse = new TcpStream(path, Direction.REVERSE, this);
        inbound.pipeline().addLast(new Side(forward, reverse));
    }

    /**
     * Listens on {@code listen}; every accepted connection is relayed to {@code target} on the path {@code pathOf}
     * names for the peer's address.
     */
    static ChannelFuture listen(EventLoopGroup group, InetSocketAddress listen, InetSocketAddress target,
            Function<InetAddress, WanPath> pathOf) {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // nothing is read before the path allows it and the onward connection stands
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        new TcpConnection(pathOf.apply(channel.remoteAddress().getAddress()), channel, target);
                    }
                })
                .bind(listen);
    }

    /** Called on the event loop once the accepted channel is active. */
    private void start() {
        path.opened(this);
        reconcile();
    }

    @Override
    public void cutChanged() {
        inbound.eventLoop().execute(this::reconcile);
    }

    /** Brings the connection in line with the path's cut; safe to call any number of times. */
    private void reconcile() {
        if (closed) {
            return;
        }
        Cut cut = path.settings().cut();
        if (cut == Cut.RESET) {
            path.resetByCut();
            abort();
        } else if (cut == Cut.NONE && outbound == null) {
            connect();
        } else {
            updateReading();
            forward.drain();
            reverse.drain();
        }
    }

    private void connect() {
        Bootstrap bootstrap = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .handler(new Side(reverse, forward));
        // from the source's own address, so the destination sees the source cluster as it would without the WAN
        InetAddress peer = ((InetSocketAddress) inbound.remoteAddress()).getAddress();
        InetSocketAddress local = new InetSocketAddress(peer.isLoopbackAddress() ? peer : null, 0);
        ChannelFuture connecting = bootstrap.connect(target, local);
        outbound = connecting.channel();
        connecting.addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess() || closed) {
                // the destination refuses: the source sees a reset, as it would from the destination itself
                abort();
                return;
            }
            outboundConnected = true;
            forward.connect(inbound, outbound);
            reverse.connect(outbound, inbound);
            reconcile();
        });
    }

    /**
     * Reads a side only when the path is not cut, the other side is connected and writable, and that direction holds
     * less than its high-water mark.
     */
    void updateReading() {
        if (closed) {
            return;
        }
        boolean open = path.settings().cut() == Cut.NONE && outboundConnected;
        inbound.config().setAutoRead(open && !forward.full() && outbound.isWritable());
        if (outboundConnected) {
            outbound.config().setAutoRead(open && !reverse.full() && inbound.isWritable());
        }
    }

    /** A direction passed its FIN on; once both have, the connection is over. */
    void streamFinished(TcpStream stream) {
        Channel destination = stream == forward ? outbound : inbound;
        if (!stream.source().isActive()) {
            // the source is gone altogether: nothing can come back to it either
            destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) written -> {
            if (destination instanceof DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
            }
            if (forward.finished() && reverse.finished()) {
                inbound.close();
                outbound.close();
            }
        });
    }

    /** Closes both sides with SO_LINGER 0: each peer sees a RST rather than a FIN. */
    private void abort() {
        if (closed) {
            return;
        }
        closed = true;
        forward.discard();
        reverse.discard();
        resetClose(inbound);
        if (outbound != null) {
            resetClose(outbound);
        }
        path.closed(this);
    }

    private static void resetClose(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }

    /** Both sides closed (or the accepted one, before any onward connection): the connection is over. */
    private void sideClosed() {
        if (closed || inbound.isActive() || (outbound != null && outbound.isActive())) {
            return;
        }
        closed = true;
        forward.discard();
        reverse.discard();
        path.closed(this);
    }

    /** The handler of one side: what it reads feeds {@code from}; it is the destination of {@code to}. */
    private final class Side extends ChannelInboundHandlerAdapter {
        private final TcpStream from;
        private final TcpStream to;

        Side(TcpStream from, TcpStream to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (ctx.channel() == inbound) {
                start();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) {
            if (closed) {
                ReferenceCountUtil.release(message);
                return;
            }
            from.read((ByteBuf) message);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            from.readComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && !closed) {
                from.sourceEnded();
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            updateReading();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!closed) {
                to.discard();
                from.sourceEnded();
                if (ctx.channel() == inbound && outbound != null && !outboundConnected) {
                    // gone while the onward connection was still being made
                    outbound.close();
                }
            }
            sideClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof IOException) {
                // a peer reset its side: pass the reset on to the other peer
                abort();
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }
    }
}

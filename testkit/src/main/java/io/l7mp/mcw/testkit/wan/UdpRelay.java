package io.l7mp.mcw.testkit.wan;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.l7mp.mcw.testkit.wan.PathSettings.Cut;
import io.l7mp.mcw.testkit.wan.WanPath.Direction;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

/**
 * The UDP side of one listener (a destination cluster's WAN address and a tunnel port). Each sender (address and
 * port) gets a flow: a socket of its own, bound to the sender's address and connected to the destination's local
 * address and the same port, so that the answers can be told apart and sent back to the right sender from the WAN
 * address and port. Flows idle for {@link #FLOW_IDLE} are dropped. Everything, flows included, runs on the listener's
 * event loop.
 */
final class UdpRelay extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger LOGGER = Logger.getLogger(UdpRelay.class);

    static final Duration FLOW_IDLE = Duration.ofMinutes(1);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(10);
    /** Datagrams that would wait longer than this for bandwidth are dropped, as a router's full queue drops them. */
    private static final long MAX_QUEUE_NANOS = Duration.ofSeconds(1).toNanos();
    /** Datagrams held for their delay at once, per listener; beyond this they are dropped. */
    private static final int MAX_HELD = 4096;

    private final InetSocketAddress target;
    private final Function<InetAddress, WanPath> pathOf;
    private final Map<InetSocketAddress, Flow> flows = new HashMap<>();
    private Channel listener;
    private ScheduledFuture<?> sweep;
    private int held;

    private UdpRelay(InetSocketAddress target, Function<InetAddress, WanPath> pathOf) {
        super(false);
        this.target = target;
        this.pathOf = pathOf;
    }

    /** Listens on {@code listen} and relays to {@code target}; {@code pathOf} names the path of a sender address. */
    static ChannelFuture bind(EventLoopGroup group, InetSocketAddress listen, InetSocketAddress target,
            Function<InetAddress, WanPath> pathOf) {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new UdpRelay(target, pathOf))
                .bind(listen);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        listener = ctx.channel();
        long every = SWEEP_EVERY.toNanos();
        sweep = ctx.executor().scheduleAtFixedRate(this::dropIdleFlows, every, every, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        sweep.cancel(false);
        flows.values().forEach(flow -> flow.channel.close());
        flows.clear();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        Flow flow = flows.computeIfAbsent(packet.sender(), this::openFlow);
        flow.lastActiveNanos = System.nanoTime();
        relay(flow.path, Direction.FORWARD, packet.content(), flow::sendForward);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOGGER.debugf("UDP listener %s: %s", listener, cause.toString());
    }

    private Flow openFlow(InetSocketAddress sender) {
        Flow flow = new Flow(sender, pathOf.apply(sender.getAddress()));
        // from the sender's own address, so the destination sees the source cluster as it would without the WAN
        InetSocketAddress local = new InetSocketAddress(
                sender.getAddress().isLoopbackAddress() ? sender.getAddress() : null, 0);
        ChannelFuture connected = new Bootstrap().group(listener.eventLoop()).channel(NioDatagramChannel.class)
                .handler(flow).connect(target, local);
        flow.channel = connected.channel();
        flow.ready = connected;
        return flow;
    }

    /** Delivers a datagram after the path's impairments, or drops it (and counts the drop). */
    private void relay(WanPath path, Direction direction, ByteBuf datagram, BiConsumer<WanPath, ByteBuf> deliver) {
        long waitNanos = path.datagramWaitNanos(direction, datagram.readableBytes(), System.nanoTime(),
                MAX_QUEUE_NANOS);
        if (waitNanos < 0 || (waitNanos > 0 && held >= MAX_HELD)) {
            drop(path, datagram);
        } else if (waitNanos == 0) {
            deliver.accept(path, datagram);
        } else {
            held++;
            listener.eventLoop().schedule(() -> {
                held--;
                if (path.settings().cut() != Cut.NONE) {
                    // cut while in flight: lost with the link
                    drop(path, datagram);
                } else {
                    deliver.accept(path, datagram);
                }
            }, waitNanos, TimeUnit.NANOSECONDS);
        }
    }

    private static void drop(WanPath path, ByteBuf datagram) {
        path.datagramDropped();
        datagram.release();
    }

    private void dropIdleFlows() {
        long now = System.nanoTime();
        for (Iterator<Flow> it = flows.values().iterator(); it.hasNext();) {
            Flow flow = it.next();
            if (now - flow.lastActiveNanos > FLOW_IDLE.toNanos()) {
                it.remove();
                flow.channel.close();
            }
        }
    }

    /** One sender's flow: its socket toward the destination, whose answers go back to the sender. */
    private final class Flow extends SimpleChannelInboundHandler<DatagramPacket> {
        private final InetSocketAddress sender;
        private final WanPath path;
        private Channel channel;
        private ChannelFuture ready;
        private long lastActiveNanos = System.nanoTime();

        Flow(InetSocketAddress sender, WanPath path) {
            super(false);
            this.sender = sender;
            this.path = path;
        }

        void sendForward(WanPath path, ByteBuf datagram) {
            if (ready.isDone()) {
                write(datagram);
            } else {
                // in order: listeners run in the order they were added
                ready.addListener(done -> write(datagram));
            }
        }

        private void write(ByteBuf datagram) {
            if (!ready.isSuccess() || !channel.isActive()) {
                drop(path, datagram);
                return;
            }
            path.datagramDelivered(Direction.FORWARD);
            channel.writeAndFlush(datagram);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket answer) {
            lastActiveNanos = System.nanoTime();
            relay(path, Direction.REVERSE, answer.content(), (p, datagram) -> {
                p.datagramDelivered(Direction.REVERSE);
                listener.writeAndFlush(new DatagramPacket(datagram, sender));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. ICMP port unreachable while nothing listens at the destination: the flow stays, as UDP does
            LOGGER.debugf("UDP flow from %s to %s: %s", sender, target, cause.toString());
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.net.InetSocketAddress;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;

/**
 * How the gateway opens the connections of its opaque TCP path ({@link EgressTcpHandler} to a peer's ingress,
 * {@link IngressConnect} to a backend) and how long a spliced one may idle.
 *
 * @param wanSource where connections to peer gateways leave from; null: the kernel picks
 * @param idleTimeoutMillis a connection with no byte either way for this long is closed; 0 for never
 * @param maxHeadSize the largest CONNECT answer head read from a peer gateway
 */
record TcpSettings(ChannelFactory<? extends Channel> channelFactory, InetSocketAddress wanSource,
        int connectTimeoutMillis, long idleTimeoutMillis, int maxHeadSize) {

    /**
     * Opens a connection to {@code address} (which {@link DialGuard} returned) on {@code loop}, ready to be spliced:
     * no Nagle, half-closes allowed.
     *
     * @param dscp the traffic class of its packets; null for the default
     * @param overWan whether it goes to a peer gateway, from {@link #wanSource}
     * @param autoRead whether it reads as soon as it is open
     */
    ChannelFuture connect(EventLoop loop, InetSocketAddress address, Integer dscp, boolean overWan,
            ChannelHandler handler, boolean autoRead) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channelFactory(channelFactory)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true).option(ChannelOption.AUTO_READ, autoRead)
                .handler(handler);
        if (dscp != null) {
            bootstrap.option(ChannelOption.IP_TOS, UpstreamClients.trafficClass(dscp));
        }
        return overWan && wanSource != null ? bootstrap.connect(address, wanSource) : bootstrap.connect(address);
    }
}

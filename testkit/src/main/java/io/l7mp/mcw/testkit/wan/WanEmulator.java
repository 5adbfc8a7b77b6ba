package io.l7mp.mcw.testkit.wan;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.l7mp.mcw.testkit.wan.WanTopology.Cluster;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The SD-WAN stand-in of the sandbox: it listens, for every cluster and every tunnel port, on the cluster's WAN
 * address (TCP and UDP) and relays to the cluster's local address on the same port, through the {@link WanPath} of
 * (source cluster, destination cluster, tunnel). The source cluster is the one whose local address the peer's
 * socket is bound to; a peer at any other address gets a path named after its IP literal, created on first use.
 * Only configured cluster local addresses are ever dialled, and the {@link WanTopology} admits nothing outside
 * 127.0.0.0/8. See docs/wan-emulator.md. Thread-safe.
 */
public final class WanEmulator implements AutoCloseable {

    private static final Logger LOGGER = Logger.getLogger(WanEmulator.class);
    private static final int EVENT_LOOPS = 2;
    private static final long BIND_TIMEOUT_SECONDS = 10;

    private record PathKey(String source, String destination, String tunnel) {
    }

    private final EventLoopGroup group = new NioEventLoopGroup(EVENT_LOOPS, new DefaultThreadFactory("wan-emulator",
            true));
    private final ConcurrentMap<PathKey, WanPath> paths = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();
    private volatile WanTopology topology;

    private WanEmulator(WanTopology topology) {
        this.topology = topology;
    }

    /**
     * Listens on every cluster's WAN address for every tunnel of {@code topology}; fails with
     * {@link IllegalStateException} naming the address when one cannot be bound.
     */
    public static WanEmulator start(WanTopology topology) {
        WanEmulator emulator = new WanEmulator(topology);
        try {
            topology.tunnels().forEach((tunnel, port) -> emulator.listeners.addAll(emulator.listen(topology, tunnel,
                    port)));
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
        topology.tunnels().keySet().forEach(emulator::createClusterPaths);
        LOGGER.infof("WAN emulator listening on %s, tunnels %s",
                topology.clusters().values().stream().map(c -> c.name() + "=" + c.wanAddress()).toList(),
                topology.tunnels());
        return emulator;
    }

    public WanTopology topology() {
        return topology;
    }

    /** Where the emulator listens for {@code tunnel} traffic to {@code cluster}. */
    public InetSocketAddress wanAddress(String cluster, String tunnel) {
        WanTopology current = topology;
        return new InetSocketAddress(WanTopology.inet(current.cluster(cluster).wanAddress()),
                current.tunnelPort(tunnel));
    }

    /**
     * Adds a tunnel at run time: listens on its port on every WAN address and creates its paths. Fails with
     * {@link IllegalArgumentException} for a bad or existing name or port, {@link IllegalStateException} when the
     * port cannot be bound (then nothing changes).
     */
    public synchronized void addTunnel(String name, int port) {
        WanTopology next = topology.withTunnel(name, port);
        listeners.addAll(listen(next, name, port));
        topology = next;
        createClusterPaths(name);
        LOGGER.infof("WAN emulator: tunnel %s on port %d added", name, port);
    }

    /**
     * The path from {@code source} to {@code destination} over {@code tunnel}. The source is a cluster name or the
     * 127.x.y.z literal of a peer that is no cluster's local address (its path is created if need be).
     */
    public WanPath path(String source, String destination, String tunnel) {
        WanTopology current = topology;
        checkSource(current, source);
        current.cluster(destination);
        current.tunnelPort(tunnel);
        return pathOf(source, destination, tunnel);
    }

    /**
     * Every path matching the names, each of which may be {@link WanTopology#ANY} ("*"): e.g.
     * {@code paths("*", "cluster-1", "*")} is every path into cluster-1. "*" as the source covers the clusters and the
     * foreign peers seen so far. Ordered by source, destination and tunnel, in the topology's order.
     */
    public WanPaths paths(String source, String destination, String tunnel) {
        WanTopology current = topology;
        List<String> sources = new ArrayList<>();
        if (WanTopology.ANY.equals(source)) {
            sources.addAll(current.clusters().keySet());
            TreeSet<String> foreign = new TreeSet<>();
            paths.keySet().stream().map(PathKey::source).filter(s -> !current.clusters().containsKey(s))
                    .forEach(foreign::add);
            sources.addAll(foreign);
        } else {
            checkSource(current, source);
            sources.add(source);
        }
        List<String> destinations = WanTopology.ANY.equals(destination) ? List.copyOf(current.clusters().keySet())
                : List.of(current.cluster(destination).name());
        List<String> tunnels = new ArrayList<>(current.tunnels().keySet());
        if (!WanTopology.ANY.equals(tunnel)) {
            current.tunnelPort(tunnel);
            tunnels = List.of(tunnel);
        }
        List<WanPath> selected = new ArrayList<>();
        for (String s : sources) {
            boolean seenOnly = WanTopology.ANY.equals(source) && !current.clusters().containsKey(s);
            for (String d : destinations) {
                for (String t : tunnels) {
                    WanPath path = seenOnly ? paths.get(new PathKey(s, d, t)) : pathOf(s, d, t);
                    if (path != null) {
                        selected.add(path);
                    }
                }
            }
        }
        return new WanPaths(selected);
    }

    /** Stops listening and closes every connection and flow. */
    @Override
    public void close() {
        listeners.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    private static void checkSource(WanTopology current, String source) {
        if (current.clusters().containsKey(source)) {
            return;
        }
        if (!WanTopology.isLoopback(source)) {
            throw new IllegalArgumentException("Unknown source '" + source + "', expected one of "
                    + current.clusters().keySet() + " or the 127.x.y.z address of a peer that is no cluster");
        }
        current.clusterAt(source).ifPresent(cluster -> {
            throw new IllegalArgumentException("Source '" + source + "' is the local address of " + cluster.name()
                    + ", expected the cluster's name '" + cluster.name() + "'");
        });
    }

    private WanPath pathOf(String source, String destination, String tunnel) {
        return paths.computeIfAbsent(new PathKey(source, destination, tunnel),
                key -> new WanPath(key.source(), key.destination(), key.tunnel()));
    }

    private void createClusterPaths(String tunnel) {
        for (String source : topology.clusters().keySet()) {
            for (String destination : topology.clusters().keySet()) {
                pathOf(source, destination, tunnel);
            }
        }
    }

    /** The path of a peer: its cluster if it is a cluster's local address, else its IP literal. */
    private Function<InetAddress, WanPath> pathsTo(String destination, String tunnel) {
        return peer -> {
            String address = peer.getHostAddress();
            String source = topology.clusterAt(address).map(Cluster::name).orElse(address);
            return pathOf(source, destination, tunnel);
        };
    }

    /** TCP and UDP listeners for one tunnel on every WAN address; all or none. */
    private List<Channel> listen(WanTopology current, String tunnel, int port) {
        List<Channel> opened = new ArrayList<>();
        try {
            for (Cluster cluster : current.clusters().values()) {
                InetSocketAddress listen = new InetSocketAddress(WanTopology.inet(cluster.wanAddress()), port);
                InetSocketAddress target = new InetSocketAddress(WanTopology.inet(cluster.localAddress()), port);
                Function<InetAddress, WanPath> pathOf = pathsTo(cluster.name(), tunnel);
                opened.add(bound(TcpConnection.listen(group, listen, target, pathOf), "TCP", listen, tunnel));
                opened.add(bound(UdpRelay.bind(group, listen, target, pathOf), "UDP", listen, tunnel));
            }
            return opened;
        } catch (RuntimeException e) {
            opened.forEach(Channel::close);
            throw e;
        }
    }

    private static Channel bound(ChannelFuture bind, String protocol, InetSocketAddress listen, String tunnel) {
        if (!bind.awaitUninterruptibly(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !bind.isSuccess()) {
            bind.channel().close();
            throw new IllegalStateException("Cannot listen on " + listen.getAddress().getHostAddress() + ":"
                    + listen.getPort() + " (" + protocol + ", tunnel '" + tunnel + "'): "
                    + (bind.cause() == null ? "timed out" : bind.cause().getMessage()), bind.cause());
        }
        return bind.channel();
    }
}

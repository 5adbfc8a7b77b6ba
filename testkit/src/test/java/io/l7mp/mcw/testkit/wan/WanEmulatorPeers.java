package io.l7mp.mcw.testkit.wan;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Real peers for the WAN emulator tests, on given loopback addresses: TCP and UDP echo servers standing in for a
 * cluster's gateway (they record who connected), clients bound to a cluster's local address, and free ports.
 */
final class WanEmulatorPeers {

    private WanEmulatorPeers() {
    }

    /** Every address the tests bind: the local and WAN addresses of the three clusters. */
    private static final List<String> ADDRESSES = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.1.1",
            "127.0.1.2", "127.0.1.3");

    /**
     * A port free for TCP and UDP on every address the tests use, right now. It is picked below Linux's ephemeral
     * range (32768 and up by default), where the kernel never hands ports to outgoing sockets (the emulator's onward
     * connections and other builds' clients), so it stays free until the test binds it.
     */
    static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (ADDRESSES.stream().allMatch(address -> bindable(address, port))) {
                return port;
            }
        }
        throw new IllegalStateException("No port from 20000 to 32000 is free for TCP and UDP on " + ADDRESSES);
    }

    private static boolean bindable(String address, int port) {
        InetSocketAddress socketAddress = new InetSocketAddress(address(address), port);
        try (ServerSocket tcp = new ServerSocket(); DatagramSocket udp = new DatagramSocket(null)) {
            tcp.bind(socketAddress);
            udp.bind(socketAddress);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Three sandbox clusters (127.0.0.N / 127.0.1.N) and the tunnels business and internet on free ports. */
    static WanTopology threeClusters() {
        int business = freePort();
        int internet = freePort();
        while (internet == business) {
            internet = freePort();
        }
        Map<String, Integer> tunnels = new LinkedHashMap<>();
        tunnels.put("business", business);
        tunnels.put("internet", internet);
        return WanTopology.sandbox(List.of("cluster-1", "cluster-2", "cluster-3"), tunnels);
    }

    static InetAddress address(String literal) {
        return WanTopology.inet(literal);
    }

    /** A TCP connection from {@code localAddress} (any port) to {@code target}, reads timing out after 5 s. */
    static Socket connect(String localAddress, InetSocketAddress target) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(address(localAddress), 0));
        socket.connect(target, 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** A UDP socket on {@code localAddress} (any port), receives timing out after 5 s. */
    static DatagramSocket udpFrom(String localAddress) throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address(localAddress), 0));
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** A TCP echo server: every byte received is sent back. */
    static final class TcpEcho implements AutoCloseable {
        private final ServerSocket server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tcp-echo");
            t.setDaemon(true);
            return t;
        });
        /** The peer address of every accepted connection. */
        final List<InetSocketAddress> peers = new CopyOnWriteArrayList<>();

        TcpEcho(String address, int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address(address), port));
            threads.execute(this::accept);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    peers.add((InetSocketAddress) socket.getRemoteSocketAddress());
                    threads.execute(() -> echo(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the peer reset: done
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }

    /** A UDP echo server: every datagram is sent back to its sender. */
    static final class UdpEcho implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;
        /** The sender of every datagram received. */
        final List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();

        UdpEcho(String address, int port) throws SocketException {
            socket = new DatagramSocket(new InetSocketAddress(address(address), port));
            thread = new Thread(this::echo, "udp-echo");
            thread.setDaemon(true);
            thread.start();
        }

        private void echo() {
            byte[] buffer = new byte[65536];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    senders.add((InetSocketAddress) packet.getSocketAddress());
                    socket.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(),
                            packet.getSocketAddress()));
                } catch (IOException e) {
                    if (socket.isClosed()) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Reads exactly {@code n} bytes or fails. */
    static byte[] readExactly(Socket socket, int n) {
        try {
            byte[] bytes = socket.getInputStream().readNBytes(n);
            if (bytes.length < n) {
                throw new IllegalStateException("stream ended after " + bytes.length + " of " + n + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.l7mp.mcw.gateway.adapter.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.l7mp.mcw.api.probe.TunnelProbe;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

/**
 * Answers tunnel probes (DESIGN D5) on every ingress port, over UDP on the same port numbers the TCP listeners use,
 * so a probe crosses the SD-WAN exactly as the tunnel's traffic does: each {@link TunnelProbe.Type#PROBE} gets an echo
 * of the same size with the gateway's receive and send times; anything else is dropped unanswered, so the port cannot
 * be used to reflect or amplify traffic. The sockets are the gateway's own, apart from the TCP data path.
 */
final class ProbeResponders {
    private static final Logger LOGGER = Logger.getLogger(ProbeResponders.class);

    private final Vertx vertx;
    private final String host;
    private final TrafficMetrics metrics;
    /** Open or opening, by port; a port that failed to open is tried again at the next table. */
    private final Map<Integer, DatagramSocket> sockets = new HashMap<>();

    ProbeResponders(Vertx vertx, String host, TrafficMetrics metrics) {
        this.vertx = vertx;
        this.host = host;
        this.metrics = metrics;
    }

    /** Opens a responder on every port of {@code ports} that has none, closes those no longer wanted. */
    synchronized void apply(Set<Integer> ports) {
        for (Integer port : Set.copyOf(sockets.keySet())) {
            if (!ports.contains(port)) {
                sockets.remove(port).close();
                LOGGER.infof("closed tunnel probe responder port=%d/udp", port);
            }
        }
        for (Integer port : ports) {
            if (!sockets.containsKey(port)) {
                open(port);
            }
        }
    }

    private void open(int port) {
        DatagramSocket socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReuseAddress(true));
        sockets.put(port, socket);
        socket.handler(packet -> answer(socket, packet));
        socket.listen(port, host).onComplete(bound -> {
            if (bound.succeeded()) {
                LOGGER.infof("answering tunnel probes port=%d/udp host=%s", port, host);
            } else {
                LOGGER.errorf("cannot answer tunnel probes on port %d/udp: %s (tried again at the next table change)",
                        port, bound.cause().getMessage());
                synchronized (this) {
                    sockets.remove(port, socket);
                }
            }
        });
    }

    private void answer(DatagramSocket socket, DatagramPacket packet) {
        long received = micros();
        byte[] bytes = packet.data().getBytes();
        TunnelProbe probe = TunnelProbe.decode(bytes).filter(p -> p.type() == TunnelProbe.Type.PROBE).orElse(null);
        if (probe == null) {
            metrics.probe(false);
            return;
        }
        metrics.probe(true);
        byte[] echo = probe.echo(received, micros()).encode();
        socket.send(Buffer.buffer(echo), packet.sender().port(), packet.sender().host());
    }

    private static long micros() {
        return TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
    }

    synchronized Set<Integer> open() {
        return new TreeSet<>(sockets.keySet());
    }

    synchronized void close() {
        sockets.values().forEach(DatagramSocket::close);
        sockets.clear();
    }
}

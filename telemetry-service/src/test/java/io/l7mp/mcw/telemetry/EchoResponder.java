package io.l7mp.mcw.telemetry;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.l7mp.mcw.api.probe.TunnelProbe;

/**
 * A peer gateway's tunnel port, as far as probes go: answers every probe with its echo, and counts the datagrams it
 * received. Closing it is cutting the tunnel.
 */
final class EchoResponder implements AutoCloseable {
    private final DatagramSocket socket;
    private final AtomicLong received = new AtomicLong();
    private final Thread thread;

    private EchoResponder(DatagramSocket socket) {
        this.socket = socket;
        this.thread = new Thread(this::run, "echo-responder-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** Listens on {@code host:port} (port 0: any free one). */
    static EchoResponder on(String host, int port) throws SocketException {
        return new EchoResponder(new DatagramSocket(new InetSocketAddress(host, port)));
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Datagrams received, probes or not. */
    long received() {
        return received.get();
    }

    private void run() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                received.incrementAndGet();
                long receivedAt = micros();
                TunnelProbe.decode(packet.getData(), packet.getOffset(), packet.getLength())
                        .filter(probe -> probe.type() == TunnelProbe.Type.PROBE).ifPresent(probe -> {
                            byte[] echo = probe.echo(receivedAt, micros()).encode();
                            send(new DatagramPacket(echo, echo.length, packet.getSocketAddress()));
                        });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void send(DatagramPacket echo) {
        try {
            socket.send(echo);
        } catch (IOException e) {
            // closed meanwhile: the probe goes unanswered, as on a cut tunnel
        }
    }

    private static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    @Override
    public void close() throws InterruptedException {
        socket.close();
        thread.join(5_000);
    }
}

package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server on a random loopback port that accepts each connection, reads an HTTP request head (up to the
 * blank line) and then resets the connection (RST, no response byte): the upstream that fails "after connecting and
 * before answering", for testing which requests a proxy retries elsewhere.
 */
public final class ResettingBackend implements AutoCloseable {
    private final AtomicLong resets = new AtomicLong();
    private final LoopbackTcpServer server;

    private ResettingBackend() {
        this.server = LoopbackTcpServer.start("resetting-backend", this::resetAfterHead);
    }

    public static ResettingBackend start() {
        return new ResettingBackend();
    }

    private void resetAfterHead(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            int matched = 0;
            byte[] end = { '\r', '\n', '\r', '\n' };
            int b;
            while (matched < end.length && (b = in.read()) >= 0) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            // linger 0: close() sends RST instead of FIN
            client.setSoLinger(true, 0);
            resets.incrementAndGet();
        } catch (IOException e) {
            // peer went away first
        }
    }

    public int port() {
        return server.port();
    }

    /** Request heads read and answered with a reset so far. */
    public long resets() {
        return resets.get();
    }

    @Override
    public void close() {
        server.close();
    }
}

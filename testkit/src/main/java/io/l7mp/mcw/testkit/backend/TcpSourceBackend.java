package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A real TCP server on a random loopback port that writes an endless stream of bytes to every connection until its
 * peer closes it: the far end of a bulk-transfer benchmark, where the client counts what arrives. It reads nothing;
 * the bytes are zeros, written {@value #CHUNK_BYTES} at a time.
 */
public final class TcpSourceBackend implements AutoCloseable {
    /** The size of each write. */
    public static final int CHUNK_BYTES = 64 * 1024;

    private final LoopbackTcpServer server;

    private TcpSourceBackend(LoopbackTcpServer server) {
        this.server = server;
    }

    public static TcpSourceBackend start() {
        return new TcpSourceBackend(LoopbackTcpServer.start("tcp-source", TcpSourceBackend::stream));
    }

    private static void stream(Socket client) {
        byte[] chunk = new byte[CHUNK_BYTES];
        try (client; OutputStream out = client.getOutputStream()) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            // the peer closed the connection: the end of its transfer
        }
    }

    public int port() {
        return server.port();
    }

    /** Connections accepted so far. */
    public long connections() {
        return server.accepted();
    }

    @Override
    public void close() {
        server.close();
    }
}

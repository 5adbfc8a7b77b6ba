package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server on a random loopback port that writes {@code total} bytes of a known pattern ({@link #at}) to each
 * connection as fast as the connection takes them, then closes it; it reads nothing. {@link #written} says how many
 * bytes the kernel has taken from it so far: while its client does not read, a back-pressure test sees where the
 * writes stall.
 */
public final class TcpFloodBackend implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final LoopbackTcpServer server;
    private final long total;
    private final AtomicLong written = new AtomicLong();

    private TcpFloodBackend(long total) {
        this.total = total;
        this.server = LoopbackTcpServer.start("tcp-flood", this::flood);
    }

    /** @param total the bytes each connection gets */
    public static TcpFloodBackend start(long total) {
        return new TcpFloodBackend(total);
    }

    /** The byte at {@code offset} of the stream every connection gets. */
    public static byte at(long offset) {
        // a prime period, so that no power-of-two buffer boundary lines up with it
        return (byte) (offset % 251);
    }

    private void flood(Socket client) {
        written.set(0);
        byte[] chunk = new byte[CHUNK];
        try (client; OutputStream out = client.getOutputStream()) {
            long offset = 0;
            while (offset < total) {
                int n = (int) Math.min(CHUNK, total - offset);
                for (int i = 0; i < n; i++) {
                    chunk[i] = at(offset + i);
                }
                out.write(chunk, 0, n);
                offset += n;
                written.set(offset);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    public int port() {
        return server.port();
    }

    /** The bytes the latest connection has written so far (the kernel took them). */
    public long written() {
        return written.get();
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

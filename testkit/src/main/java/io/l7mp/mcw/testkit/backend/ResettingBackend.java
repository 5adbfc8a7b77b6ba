package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server on a random loopback port that accepts each connection, reads an HTTP request head (up to the
 * blank line) and then resets the connection (RST, no response byte): the upstream that fails "after connecting and
 * before answering", for testing which requests a proxy retries elsewhere.
 */
public final class ResettingBackend implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resetting-backend");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong resets = new AtomicLong();

    private ResettingBackend(ServerSocket socket) {
        this.socket = socket;
    }

    public static ResettingBackend start() {
        try {
            ResettingBackend backend = new ResettingBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            backend.workers.execute(backend::acceptLoop);
            return backend;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the resetting backend", e);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                workers.execute(() -> resetAfterHead(client));
            } catch (IOException e) {
                return;
            }
        }
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
        return socket.getLocalPort();
    }

    /** Request heads read and answered with a reset so far. */
    public long resets() {
        return resets.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}

package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A real TCP echo server on a random loopback port: writes back every byte it reads. */
public final class TcpEchoBackend implements AutoCloseable {
    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tcp-echo");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong connections = new AtomicLong();

    private TcpEchoBackend(ServerSocket socket) {
        this.socket = socket;
    }

    public static TcpEchoBackend start() {
        try {
            TcpEchoBackend backend = new TcpEchoBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            backend.workers.execute(backend::acceptLoop);
            return backend;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start TCP echo backend", e);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                workers.execute(() -> echo(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    public long connections() {
        return connections.get();
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

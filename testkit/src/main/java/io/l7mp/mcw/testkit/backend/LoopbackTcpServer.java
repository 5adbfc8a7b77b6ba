package io.l7mp.mcw.testkit.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real TCP server on a random loopback port: each accepted connection is handed to {@code handler} on a daemon
 * thread of its own. The plain-socket backends are built on it.
 */
final class LoopbackTcpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Consumer<Socket> handler;
    private final ExecutorService workers;
    private final AtomicLong accepted = new AtomicLong();

    private LoopbackTcpServer(ServerSocket socket, String threadName, Consumer<Socket> handler) {
        this.socket = socket;
        this.handler = handler;
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    static LoopbackTcpServer start(String threadName, Consumer<Socket> handler) {
        try {
            LoopbackTcpServer server = new LoopbackTcpServer(
                    new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), threadName, handler);
            server.workers.execute(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + threadName, e);
        }
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                accepted.incrementAndGet();
                workers.execute(() -> handler.accept(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /**
     * Reads an HTTP/1.x request head up to its blank line, starting with {@code start}, bytes the caller read already;
     * null when the stream ends first. The plain-socket HTTP backends share it.
     */
    static String readHttpHead(InputStream in, byte[] start) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = { '\r', '\n', '\r', '\n' };
        int matched = 0;
        for (int i = 0; matched < end.length; i++) {
            int b = i < start.length ? start[i] & 0xff : in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
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

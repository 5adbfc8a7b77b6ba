package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

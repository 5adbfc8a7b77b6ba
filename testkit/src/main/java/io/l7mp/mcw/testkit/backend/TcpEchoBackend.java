package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** A real TCP echo server on a random loopback port: writes back every byte it reads. */
public final class TcpEchoBackend implements AutoCloseable {
    private final LoopbackTcpServer server;

    private TcpEchoBackend(LoopbackTcpServer server) {
        this.server = server;
    }

    public static TcpEchoBackend start() {
        return new TcpEchoBackend(LoopbackTcpServer.start("tcp-echo", TcpEchoBackend::echo));
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

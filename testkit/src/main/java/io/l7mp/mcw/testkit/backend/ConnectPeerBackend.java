package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A stand-in for a peer gateway's ingress port that accepts every CONNECT: it reads the request head, answers
 * {@code 200} in pieces (the status line, then the blank line together with the first bytes of the stream, a few
 * milliseconds apart, so that a gateway reads the answer's head in more than one read), then echoes every byte. The
 * heads it read are kept.
 */
public final class ConnectPeerBackend implements AutoCloseable {
    private static final long PAUSE_NANOS = 20_000_000;

    private final LoopbackTcpServer server;
    private final String greeting;
    private final List<String> heads = new CopyOnWriteArrayList<>();

    private ConnectPeerBackend(String greeting) {
        this.greeting = greeting;
        this.server = LoopbackTcpServer.start("connect-peer", this::serve);
    }

    /** @param greeting the stream's first bytes, sent right behind the answer's head */
    public static ConnectPeerBackend start(String greeting) {
        return new ConnectPeerBackend(greeting);
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            client.setTcpNoDelay(true);
            String head = LoopbackTcpServer.readHttpHead(in, new byte[0]);
            if (head == null) {
                return;
            }
            heads.add(head);
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            LockSupport.parkNanos(PAUSE_NANOS);
            out.write(("\r\n" + greeting).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the gateway went away
        }
    }

    public int port() {
        return server.port();
    }

    /** The CONNECT heads read so far, each up to its blank line. */
    public List<String> heads() {
        return List.copyOf(heads);
    }

    @Override
    public void close() {
        server.close();
    }
}

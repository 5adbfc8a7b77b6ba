package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real HTTP/1.1 server on plain sockets whose keep-alive connections always lose the race with its idle timeout:
 * it answers the first request of each connection (200, keep-alive, body {@code answered <n>}), then, when the next
 * request head arrives on that connection, closes it in good order (FIN) without answering. That is what a client
 * meets when it reuses a pooled connection just as the server times it out, made certain for a test.
 */
public final class KeepAliveClosingBackend implements AutoCloseable {
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong closedUnanswered = new AtomicLong();
    private final LoopbackTcpServer server;

    private KeepAliveClosingBackend() {
        this.server = LoopbackTcpServer.start("keep-alive-closing-backend", this::serve);
    }

    public static KeepAliveClosingBackend start() {
        return new KeepAliveClosingBackend();
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = LoopbackTcpServer.readHttpHead(in, new byte[0]);
            if (head == null) {
                return;
            }
            skipBody(in, head);
            byte[] body = ("answered " + answered.incrementAndGet() + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (LoopbackTcpServer.readHttpHead(in, new byte[0]) != null) {
                closedUnanswered.incrementAndGet();
            }
            // leaving the try closes the socket with a FIN
        } catch (IOException e) {
            // the peer went away first
        }
    }

    /** Reads and drops a body of declared length (the only kind this backend expects). */
    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                long length = Long.parseLong(line.substring("content-length:".length()).trim());
                in.readNBytes((int) length);
            }
        }
    }

    public int port() {
        return server.port();
    }

    /** Requests answered so far: one per connection. */
    public long answered() {
        return answered.get();
    }

    /** Requests that arrived on a used connection and were met with a close instead of an answer. */
    public long closedUnanswered() {
        return closedUnanswered.get();
    }

    @Override
    public void close() {
        server.close();
    }
}

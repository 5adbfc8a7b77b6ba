package io.l7mp.mcw.testkit.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real TCP server on a random loopback port that uses half-closed connections, as many protocols do to say "that was
 * all":
 * <ul>
 * <li>{@link Mode#ANSWER_AT_EOF}: reads until its client's FIN, then answers {@code got: } and what it read, and
 * closes. A gateway that closed the connection at the client's FIN would lose the answer.</li>
 * <li>{@link Mode#SPEAK_FIRST}: writes a greeting, shuts its output (FIN), then reads until its client's FIN. A gateway
 * that closed the connection at the backend's FIN would lose what the client sends after it.</li>
 * </ul>
 * What each connection read before its client's FIN is kept, in the order the FINs came.
 */
public final class TcpHalfCloseBackend implements AutoCloseable {
    public enum Mode {
        ANSWER_AT_EOF,
        SPEAK_FIRST
    }

    private final LoopbackTcpServer server;
    private final Mode mode;
    private final String greeting;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private TcpHalfCloseBackend(Mode mode, String greeting) {
        this.mode = mode;
        this.greeting = greeting;
        this.server = LoopbackTcpServer.start("tcp-half-close", this::serve);
    }

    /** @param greeting what a {@link Mode#SPEAK_FIRST} backend writes before its FIN; ignored otherwise */
    public static TcpHalfCloseBackend start(Mode mode, String greeting) {
        return new TcpHalfCloseBackend(mode, greeting);
    }

    private void serve(Socket client) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            if (mode == Mode.SPEAK_FIRST) {
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                out.flush();
                client.shutdownOutput();
            }
            String read = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            received.add(read);
            if (mode == Mode.ANSWER_AT_EOF) {
                out.write(("got: " + read).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    public int port() {
        return server.port();
    }

    /** What each connection read up to its client's FIN, in the order the FINs came. */
    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.close();
    }
}

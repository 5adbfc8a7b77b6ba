package io.l7mp.mcw.testkit.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP server on a random loopback port that accepts each connection, reads an HTTP request head and then resets
 * the connection (RST, no response byte): the upstream that fails "after connecting and before answering", for testing
 * which requests a proxy retries elsewhere. Speaks just enough HTTP/2 (h2c with prior knowledge) to get that far on
 * an HTTP/2 connection too: it answers the connection preface and SETTINGS, then resets once a request's HEADERS
 * frame arrived. For HTTP/1.x, the head is everything up to the blank line.
 */
public final class ResettingBackend implements AutoCloseable {
    private final AtomicLong resets = new AtomicLong();
    private final LoopbackTcpServer server;

    private ResettingBackend() {
        this.server = LoopbackTcpServer.start("resetting-backend", this::resetAfterHead);
    }

    public static ResettingBackend start() {
        return new ResettingBackend();
    }

    private static final byte[] H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int FRAME_HEADERS = 1;
    private static final int FRAME_SETTINGS = 4;
    private static final int FLAG_ACK = 1;

    private void resetAfterHead(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] start = readWhileH2Preface(in);
            boolean readHead = Arrays.equals(start, H2_PREFACE) ? readHttp2Headers(client, in)
                    : LoopbackTcpServer.readHttpHead(in, start) != null;
            if (readHead) {
                // linger 0: close() sends RST instead of FIN
                client.setSoLinger(true, 0);
                resets.incrementAndGet();
            }
        } catch (IOException e) {
            // peer went away first
        }
    }

    /**
     * The first bytes, as long as they follow the HTTP/2 connection preface: all of it for an h2c client, up to the
     * first byte that differs for an HTTP/1.x one (never waiting for more than a short HTTP/1.x request sends).
     */
    private static byte[] readWhileH2Preface(InputStream in) throws IOException {
        ByteArrayOutputStream start = new ByteArrayOutputStream();
        int b;
        while (start.size() < H2_PREFACE.length && (b = in.read()) >= 0) {
            start.write(b);
            if (b != (H2_PREFACE[start.size() - 1] & 0xff)) {
                break;
            }
        }
        return start.toByteArray();
    }

    /**
     * After the preface: sends an empty SETTINGS frame, acknowledges the client's, and reads frames until a HEADERS
     * frame (a request) arrived; false if the stream ended first.
     */
    private static boolean readHttp2Headers(Socket client, InputStream in) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(frameHeader(0, FRAME_SETTINGS, 0));
        out.flush();
        while (true) {
            byte[] header = in.readNBytes(9);
            if (header.length < 9) {
                return false;
            }
            int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
            int type = header[3] & 0xff;
            int flags = header[4] & 0xff;
            if (in.readNBytes(length).length < length) {
                return false;
            }
            if (type == FRAME_HEADERS) {
                return true;
            }
            if (type == FRAME_SETTINGS && (flags & FLAG_ACK) == 0) {
                out.write(frameHeader(0, FRAME_SETTINGS, FLAG_ACK));
                out.flush();
            }
        }
    }

    /** A frame header for stream 0. */
    private static byte[] frameHeader(int length, int type, int flags) {
        return new byte[] { (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type, (byte) flags,
                0, 0, 0, 0 };
    }

    public int port() {
        return server.port();
    }

    /** Request heads read and answered with a reset so far. */
    public long resets() {
        return resets.get();
    }

    @Override
    public void close() {
        server.close();
    }
}

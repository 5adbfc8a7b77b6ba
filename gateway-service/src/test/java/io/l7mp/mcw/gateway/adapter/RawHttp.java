package io.l7mp.mcw.gateway.adapter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import io.vertx.core.json.JsonObject;

/**
 * HTTP/1.1 over a plain socket, so that a test controls every header byte (Host included, which the JDK client
 * refuses to set) and reads exactly what the gateway answered.
 */
final class RawHttp {
    /** A status code, the header lines as sent, and the body's bytes. */
    record Response(int status, String head, byte[] bodyBytes) {
        String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        JsonObject json() {
            return new JsonObject(body());
        }

        /** The first value of a header (name case-insensitive), or null. */
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    static Response get(int port, String host, String target, String... extraHeaderLines) {
        return send(port, "GET", host, target, extraHeaderLines);
    }

    static Response send(int port, String method, String host, String target, String... extraHeaderLines) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String line : extraHeaderLines) {
            request.append(line).append("\r\n");
        }
        request.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        return raw(port, request.toString());
    }

    /** A request whose body of {@code size} bytes ('a') is sent in chunks (Transfer-Encoding: chunked). */
    static String chunked(String method, String target, int size, int chunkSize) {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int sent = 0; sent < size; sent += chunkSize) {
            int n = Math.min(chunkSize, size - sent);
            request.append(Integer.toHexString(n)).append("\r\n").append("a".repeat(n)).append("\r\n");
        }
        return request.append("0\r\n\r\n").toString();
    }

    /** Sends {@code request} as written and reads the answer until the gateway closes the connection. */
    static Response raw(int port, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] bytes = readAll(socket.getInputStream());
            // ISO-8859-1 maps every byte to one char, so the head's length is the body's offset
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return new Response(status, text, new byte[0]);
            }
            return new Response(status, text.substring(0, headEnd),
                    java.util.Arrays.copyOfRange(bytes, headEnd + 4, bytes.length));
        } catch (IOException e) {
            throw new UncheckedIOException("request to port " + port + " failed", e);
        }
    }

    /**
     * Sends the requests one after the other on one keep-alive connection, each once the answer to the one before
     * has been read (by its Content-Length), so that all of them go through the same pooled connections.
     */
    static java.util.List<Response> onOneConnection(int port, java.util.List<String> requests) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            InputStream in = socket.getInputStream();
            java.util.List<Response> responses = new java.util.ArrayList<>();
            for (String request : requests) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        throw new IOException("connection closed after " + responses.size() + " answers");
                    }
                    head.write(b);
                }
                String text = head.toString(StandardCharsets.ISO_8859_1);
                Response headOnly = new Response(Integer.parseInt(text.substring(9, 12)), text.trim(), new byte[0]);
                String length = headOnly.header("content-length");
                responses.add(new Response(headOnly.status(), headOnly.head(),
                        in.readNBytes(length == null ? 0 : Integer.parseInt(length))));
            }
            return responses;
        } catch (IOException e) {
            throw new UncheckedIOException("requests to port " + port + " failed", e);
        }
    }

    /** Sends {@code request} as written and returns every byte the gateway sent until it closed the connection. */
    static byte[] rawBytes(int port, String request) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("request to port " + port + " failed", e);
        }
    }

    /** The data of a chunked body (RFC 9112 7.1); fails on a framing error. */
    static byte[] dechunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (true) {
            int lineEnd = indexOfCrlf(body, i);
            String sizeLine = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            i = lineEnd + 2;
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(body, i, size);
            i += size;
            if (body[i] != '\r' || body[i + 1] != '\n') {
                throw new IllegalArgumentException("chunk data not followed by CRLF at " + i);
            }
            i += 2;
        }
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("no CRLF after " + from);
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** A TCP port nobody listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 over a plain socket, one request per connection: the JDK client does not let a test set {@code Host},
 * and the gateway routes by it.
 */
final class RawHttp {

    record Response(int status, String body) {
    }

    private RawHttp() {
    }

    static Response send(String address, int port, String method, String host, String path) {
        try (Socket socket = new Socket(address, port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int headerEnd = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.") || headerEnd < 0) {
                throw new IllegalStateException("Not an HTTP response from " + address + ":" + port + ": " + answer);
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            String head = answer.substring(0, headerEnd).toLowerCase();
            String body = answer.substring(headerEnd + 4);
            if (head.contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Response(status, body);
        } catch (IOException e) {
            throw new UncheckedIOException("HTTP " + method + " " + path + " to " + address + ":" + port, e);
        }
    }

    static Response get(String address, int port, String host, String path) {
        return send(address, port, "GET", host, path);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}

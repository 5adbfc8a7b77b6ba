package io.l7mp.mcw.gateway.adapter.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/** Header copying, request checks and plain-text answers shared by the listeners. */
final class HttpMessages {
    /** RFC 9110 7.6.1 connection-specific fields, plus h2c upgrade fields; never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "http2-settings", "proxy-authenticate", "proxy-authorization", "te",
            "host", "content-length");

    /**
     * Set by the egress gateway on a request it carries to the peer's ingress as HTTP/2 although the client spoke
     * HTTP/1.1 ({@code mcw.gateway.tunnel-protocol=h2c}), so that the ingress speaks HTTP/1.1 to the backend; removed
     * from what clients send, and by the ingress before forwarding.
     */
    static final String CLIENT_PROTOCOL_HEADER = "x-mcw-client-protocol";
    static final String HTTP_1_1 = "http/1.1";
    private static final String GRPC = "application/grpc";

    private HttpMessages() {
    }

    /** The version as the OpenTelemetry conventions write it ({@code network.protocol.version}). */
    static String protocolVersion(HttpVersion version) {
        return switch (version) {
            case HTTP_1_0 -> "1.0";
            case HTTP_1_1 -> "1.1";
            case HTTP_2 -> "2";
        };
    }

    /** The request headers worth forwarding, lower-cased; {@code te: trailers} is kept (gRPC needs it). */
    static Map<String, List<String>> forwardable(MultiMap headers) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        headers.forEach(h -> addForwardable(result, h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        return result;
    }

    private static void addForwardable(Map<String, List<String>> result, String name, String value) {
        if (forwardable(name, value)) {
            result.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
        }
    }

    /** Whether a request field (name in lower case) is forwarded: not connection-specific, or {@code te: trailers}. */
    static boolean forwardable(String name, String value) {
        if (name.startsWith(":")) {
            return false;
        }
        return !HOP_BY_HOP.contains(name) || "te".equals(name) && "trailers".equalsIgnoreCase(value.trim());
    }

    /** Copies response headers or trailers, without the connection-specific ones. */
    static void copyResponseHeaders(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(":") && (!HOP_BY_HOP.contains(name) || "content-length".equals(name))) {
                to.add(name, h.getValue());
            }
        });
    }

    /**
     * Checks what can be refused before reading the body: Content-Length together with Transfer-Encoding (request
     * smuggling, RFC 9112 6.1) and a declared length past the limit. Returns the status to answer, or 0.
     */
    static int refusal(HttpServerRequest request, long maxBodySize) {
        String length = request.getHeader("content-length");
        if (length != null && request.getHeader("transfer-encoding") != null) {
            return 400;
        }
        if (length != null) {
            try {
                return Long.parseLong(length.trim()) > maxBodySize ? 413 : 0;
            } catch (NumberFormatException e) {
                return 400;
            }
        }
        return 0;
    }

    /**
     * Whether the request carries a body to stream: HTTP/1.x says so by Content-Length or Transfer-Encoding (RFC
     * 9112 6.3); an HTTP/2 stream may send DATA frames unless it declared a length of 0.
     */
    static boolean hasBody(HttpServerRequest request) {
        long length = contentLength(request.headers());
        if (isHttp2(request)) {
            return length != 0;
        }
        return request.getHeader("transfer-encoding") != null || length > 0;
    }

    /** The reason of a 413, whether the declared length or the streamed body passed the limit. */
    static String bodyTooLarge(long maxBodySize) {
        return "request body larger than mcw.gateway.max-body-size=" + maxBodySize + " bytes";
    }

    /** Answers with a plain-text reason, as every refusal of the gateway does. */
    static Future<Void> answer(HttpServerResponse response, int status, String reason) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status).putHeader("content-type", "text/plain; charset=utf-8")
                .end(reason + "\n");
    }

    /**
     * Answers a request whose body will not be read, then closes an HTTP/1.x connection: it still carries the unread
     * body, so it cannot serve another request (an HTTP/2 stream is reset by the end of the response instead).
     */
    static void answerAndClose(HttpServerRequest request, int status, String reason) {
        if (!isHttp2(request)) {
            request.response().putHeader("connection", "close");
        }
        answer(request.response(), status, reason).onComplete(v -> {
            if (!isHttp2(request)) {
                request.connection().close();
            }
        });
    }

    /**
     * Answers a request whose body is still arriving and will not be forwarded, then reads and discards the rest of
     * the body (at most {@code drainLimit} more bytes) before closing an HTTP/1.x connection. Closing with unread bytes
     * in the socket makes the kernel send a reset, which can destroy the answer before the client has read it (the
     * lingering close of RFC 9112 9.6). An HTTP/2 stream is simply answered: its end resets just that stream.
     */
    static void answerDrainAndClose(HttpServerRequest request, int status, String reason, long drainLimit) {
        if (isHttp2(request)) {
            request.handler(null);
            answer(request.response(), status, reason);
            return;
        }
        request.response().putHeader("connection", "close");
        boolean[] answered = new boolean[1];
        boolean[] drained = new boolean[1];
        long[] discarded = new long[1];
        Runnable closeWhenDone = () -> {
            if (answered[0] && drained[0]) {
                request.connection().close();
            }
        };
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > drainLimit) {
                drained[0] = true;
                closeWhenDone.run();
            }
        });
        request.endHandler(v -> {
            drained[0] = true;
            closeWhenDone.run();
        });
        request.resume();
        answer(request.response(), status, reason).onComplete(v -> {
            answered[0] = true;
            closeWhenDone.run();
        });
    }

    /** The declared Content-Length, or -1 if there is none or it is not a number. */
    static long contentLength(MultiMap headers) {
        String value = headers.get("content-length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether a request is a gRPC call ({@code content-type: application/grpc}, with or without a subtype): a stream of
     * messages in both directions, which {@code max-body-size} does not limit, as it limits uploads.
     */
    static boolean isGrpc(CharSequence contentType) {
        return contentType != null && contentType.length() >= GRPC.length()
                && GRPC.regionMatches(true, 0, contentType.toString(), 0, GRPC.length())
                && (contentType.length() == GRPC.length() || contentType.charAt(GRPC.length()) == '+'
                        || contentType.charAt(GRPC.length()) == ';');
    }

    static boolean isHttp2(HttpServerRequest request) {
        return request.version() == HttpVersion.HTTP_2;
    }
}

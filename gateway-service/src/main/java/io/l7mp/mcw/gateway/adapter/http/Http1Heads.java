package io.l7mp.mcw.gateway.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.l7mp.mcw.gateway.domain.HeaderModifier;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** The heads the {@link Http1Relay} writes, as bytes: requests upstream, rewritten responses, its own answers. */
final class Http1Heads {
    /** Response fields the relay does not pass on: they concern the upstream connection only (RFC 9110 7.6.1). */
    private static final Set<String> HOP_BY_HOP_RESPONSE = Set.of("connection", "keep-alive", "proxy-connection",
            "upgrade", "te", "proxy-authenticate");

    private Http1Heads() {
    }

    /**
     * The request line, Host, the client's forwarded fields as {@code modifier} changes them, and the body's length,
     * as one buffer. The fields are written as they were read, in their order; the modifier's set and added ones
     * follow (the same values per name as {@link HeaderModifier#apply}).
     *
     * @param traceparent the W3C field of this gateway's span, written in place of every {@code traceparent} the
     *        client or the modifier has; null to leave them as they are
     */
    static ByteBuf request(ByteBufAllocator alloc, Http1Head head, String authority, HeaderModifier modifier,
            int bodyLength, String traceparent) {
        ByteBuf out = alloc.buffer(head.length + 128);
        write(out, head.method);
        out.writeByte(' ');
        write(out, head.target);
        write(out, " HTTP/1.1\r\nhost: ");
        write(out, authority);
        write(out, "\r\n");
        for (int i = 0; i < head.names.size(); i++) {
            String name = head.names.get(i);
            String value = head.values.get(i);
            if (HttpMessages.forwardable(name, value) && !HttpMessages.CLIENT_PROTOCOL_HEADER.equals(name)
                    && !modifier.replaces(name) && (traceparent == null || !HopTracer.TRACEPARENT.equals(name))) {
                field(out, name, value);
            }
        }
        if (traceparent == null) {
            modifier.set().forEach((name, value) -> field(out, name, value));
            modifier.add().forEach((name, value) -> field(out, name, value));
        } else {
            modifier.set().forEach((name, value) -> fieldUnlessTraceparent(out, name, value));
            modifier.add().forEach((name, value) -> fieldUnlessTraceparent(out, name, value));
            field(out, HopTracer.TRACEPARENT, traceparent);
        }
        if (head.contentLength >= 0) {
            field(out, "content-length", Integer.toString(bodyLength));
        }
        write(out, "\r\n");
        return out;
    }

    /**
     * Whether the client gets the upstream's response head as it is: nothing in it concerns only the upstream
     * connection, and the client connection stays open. {@code response} needs only its connection fields
     * ({@link Http1Head#response}).
     */
    static boolean passesAsIs(Http1Head response, boolean close) {
        boolean asIs = response.http11 && !close;
        for (int i = 0; asIs && i < response.names.size(); i++) {
            asIs = !HOP_BY_HOP_RESPONSE.contains(response.names.get(i));
        }
        return asIs;
    }

    /**
     * The response head for the client when it cannot pass as it is: without the fields that concern only the
     * upstream connection, as HTTP/1.1, saying {@code close} when the client connection ends with the response.
     * {@code response} must have all its fields ({@link Http1Head#responseWithAllFields}).
     */
    static ByteBuf rebuiltResponse(ByteBufAllocator alloc, Http1Head response, boolean close) {
        ByteBuf out = alloc.buffer(response.length + 32);
        write(out, "HTTP/1.1 ");
        write(out, Integer.toString(response.status));
        out.writeByte(' ');
        write(out, HttpResponseStatus.valueOf(response.status).reasonPhrase());
        write(out, "\r\n");
        for (int i = 0; i < response.names.size(); i++) {
            String name = response.names.get(i);
            if (!HOP_BY_HOP_RESPONSE.contains(name)) {
                field(out, name, response.values.get(i));
            }
        }
        if (close) {
            write(out, "connection: close\r\n");
        }
        write(out, "\r\n");
        return out;
    }

    /**
     * A whole plain-text answer, as every refusal of the gateway reads; with a Location field when {@code location}
     * is not null (a redirect).
     */
    static ByteBuf plainAnswer(ByteBufAllocator alloc, int status, String reason, String location, boolean close) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf out = alloc.buffer(128 + body.length);
        write(out, "HTTP/1.1 " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase()
                + "\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: " + body.length
                + (location == null ? "" : "\r\nlocation: " + location)
                + (close ? "\r\nconnection: close" : "") + "\r\n\r\n");
        out.writeBytes(body);
        return out;
    }

    /**
     * The CONNECT an egress gateway sends a peer's ingress for an opaque TCP connection (ADR 0021): the fields the
     * gateways' HTTP client sent before, Host and this gateway's span.
     *
     * @param traceparent the W3C field of the connection's span; null when it does not record
     */
    static ByteBuf connect(ByteBufAllocator alloc, String authority, String host, String traceparent) {
        ByteBuf out = alloc.buffer(96 + authority.length() + host.length());
        write(out, "CONNECT ");
        write(out, authority);
        write(out, " HTTP/1.1\r\nhost: ");
        write(out, host);
        write(out, "\r\n");
        if (traceparent != null) {
            field(out, HopTracer.TRACEPARENT, traceparent);
        }
        write(out, "\r\n");
        return out;
    }

    private static void fieldUnlessTraceparent(ByteBuf out, String name, String value) {
        if (!HopTracer.TRACEPARENT.equals(name)) {
            field(out, name, value);
        }
    }

    private static void field(ByteBuf out, String name, String value) {
        write(out, name);
        write(out, ": ");
        write(out, value);
        write(out, "\r\n");
    }

    private static void write(ByteBuf out, String text) {
        out.writeCharSequence(text, StandardCharsets.ISO_8859_1);
    }
}

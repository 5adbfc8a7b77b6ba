package io.l7mp.mcw.gateway.adapter.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.l7mp.mcw.gateway.domain.HeaderFields;
import io.netty.buffer.ByteBuf;

/**
 * The head of an HTTP/1.x message as the {@link Http1Relay} reads it off the wire: the start line and the header
 * fields as strings (ISO-8859-1, so every byte comes back as it was), plus the framing facts the relay needs. Strict
 * on purpose: a head with bare LF line ends, folded lines, or anything else the relay does not handle is reported as
 * {@link #unsupported}, and the connection goes to the full HTTP server, which accepts or refuses it as it always did.
 */
final class Http1Head {
    /** No Content-Length field. */
    static final long NO_LENGTH = -1;
    /** A Content-Length that is not one non-negative number (or several that disagree). */
    static final long BAD_LENGTH = -2;

    /** Request: method; response: null. */
    final String method;
    /** Request: the request target as sent; response: null. */
    final String target;
    /** Response: the status code; request: 0. */
    final int status;
    /** Whether the start line says HTTP/1.1 (else HTTP/1.0). */
    final boolean http11;
    /**
     * Field names in lower case, in the order received; {@code values} has the same index. Of a head read by
     * {@link #response}, only the {@link #CONNECTION_FIELDS}.
     */
    final List<String> names;
    final List<String> values;
    /** The bytes from the start line to the blank line, both included. */
    final int length;
    /** Why the relay does not handle this message; null when it does. */
    final String unsupported;

    final long contentLength;
    final boolean chunked;
    /** Transfer-Encoding other than a sole {@code chunked}. */
    final boolean otherTransferEncoding;
    final boolean connectionClose;
    /** Connection: keep-alive (only meaningful for HTTP/1.0). */
    final boolean connectionKeepAlive;
    final boolean upgrade;
    final boolean expect;
    /** The Host field, or null; {@code hosts} counts them. */
    final String host;
    final int hosts;

    private Http1Head(String method, String target, int status, boolean http11, List<String> names,
            List<String> values, int length, String unsupported) {
        this.method = method;
        this.target = target;
        this.status = status;
        this.http11 = http11;
        this.names = names;
        this.values = values;
        this.length = length;
        long contentLength = NO_LENGTH;
        boolean chunked = false;
        boolean otherTransferEncoding = false;
        boolean close = false;
        boolean keepAlive = false;
        boolean upgrade = false;
        boolean expect = false;
        String host = null;
        int hosts = 0;
        for (int i = 0; i < names.size(); i++) {
            String value = values.get(i);
            switch (names.get(i)) {
                case "content-length" -> contentLength = mergeLength(contentLength, value);
                case "transfer-encoding" -> {
                    if (!chunked && "chunked".equalsIgnoreCase(value.trim())) {
                        chunked = true;
                    } else {
                        otherTransferEncoding = true;
                    }
                }
                case "connection" -> {
                    String tokens = value.toLowerCase(Locale.ROOT);
                    close |= tokens.contains("close");
                    keepAlive |= tokens.contains("keep-alive");
                    upgrade |= tokens.contains("upgrade");
                }
                case "upgrade" -> upgrade = true;
                case "expect" -> expect = true;
                case "host" -> {
                    host = value.trim();
                    hosts++;
                }
                default -> {
                }
            }
        }
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.otherTransferEncoding = otherTransferEncoding;
        this.connectionClose = close;
        this.connectionKeepAlive = keepAlive;
        this.upgrade = upgrade;
        this.expect = expect;
        this.host = host;
        this.hosts = hosts;
        this.unsupported = unsupported;
    }

    private static Http1Head unsupported(String reason) {
        return new Http1Head(null, null, 0, false, List.of(), List.of(), 0, reason);
    }

    private static long mergeLength(long before, String value) {
        long parsed = parseLength(value.trim());
        if (before == NO_LENGTH || before == parsed) {
            return parsed;
        }
        return BAD_LENGTH;
    }

    /** Digits only (RFC 9110 8.6), at most 18 of them; else {@link #BAD_LENGTH}. */
    static long parseLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return BAD_LENGTH;
        }
        long result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return BAD_LENGTH;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }

    /** The value of the first field {@code name} (lower case), or null. */
    String get(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    /**
     * The forwarded fields as the routing rules read them (the connection-specific ones left out, as the full path's
     * {@link HttpMessages#forwardable(io.vertx.core.MultiMap)} leaves them out), looked up in place.
     */
    HeaderFields forwardedFields() {
        return name -> {
            List<String> found = List.of();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals(name) && HttpMessages.forwardable(name, values.get(i))) {
                    if (found.isEmpty()) {
                        found = new ArrayList<>(1);
                    }
                    found.add(values.get(i));
                }
            }
            return found;
        };
    }

    /**
     * Parses a request head from the readable bytes of {@code in} without consuming them.
     *
     * @return the head, an {@link #unsupported} one, or null while the blank line has not arrived and the bytes so
     *         far are fewer than {@code maxHeadSize}
     */
    static Http1Head request(ByteBuf in, int maxHeadSize) {
        return parse(in, maxHeadSize, true, true);
    }

    /**
     * Parses a response head as the relay needs it to pass the head on unchanged: every line is checked as strictly
     * as a request's, but only the fields that concern framing or the connection ({@link #CONNECTION_FIELDS}) are
     * kept in {@link #names} and {@link #values}. See {@link #request}.
     */
    static Http1Head response(ByteBuf in, int maxHeadSize) {
        return parse(in, maxHeadSize, false, false);
    }

    /** Parses a response head with all its fields, for a head the relay writes anew. See {@link #request}. */
    static Http1Head responseWithAllFields(ByteBuf in, int maxHeadSize) {
        return parse(in, maxHeadSize, false, true);
    }

    /** The fields {@link #response} keeps: the framing and the connection-specific ones (RFC 9110 7.6.1). */
    static final List<String> CONNECTION_FIELDS = List.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "proxy-authenticate");

    /**
     * Field names read often enough that the parser returns these strings rather than new ones: no allocation, a
     * cached hash, and comparisons that end at the identity check.
     */
    private static final String[][] KNOWN_NAMES_BY_LENGTH = byLength(List.of("host", "content-length",
            "content-type", "connection", "transfer-encoding", "keep-alive", "proxy-connection", "upgrade", "te",
            "proxy-authenticate", "proxy-authorization", "expect", "user-agent", "accept", "accept-encoding",
            "accept-language", "authorization", "cookie", "traceparent", "tracestate", "x-request-id",
            "x-forwarded-for", "x-mcw-source-cluster", "x-mcw-client-protocol", "http2-settings", "date", "server",
            "cache-control", "content-encoding", "vary", "etag", "last-modified", "location", "set-cookie"));
    /** Methods, likewise (a method is case-sensitive). */
    private static final String[][] KNOWN_METHODS_BY_LENGTH = byLength(List.of("GET", "HEAD", "POST", "PUT",
            "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "PRI"));

    private static String[][] byLength(List<String> words) {
        int longest = words.stream().mapToInt(String::length).max().orElse(0);
        String[][] table = new String[longest + 1][];
        for (int length = 0; length <= longest; length++) {
            int l = length;
            table[length] = words.stream().filter(w -> w.length() == l).toArray(String[]::new);
        }
        return table;
    }

    private static Http1Head parse(ByteBuf in, int maxHeadSize, boolean request, boolean allFields) {
        int start = in.readerIndex();
        int length = headLength(in, start, Math.min(in.writerIndex(), start + maxHeadSize));
        if (length < 0) {
            return in.readableBytes() >= maxHeadSize ? unsupported("head larger than " + maxHeadSize + " bytes") : null;
        }
        // one copy of the head, then plain array reads: no bounds and reference-count checks per byte
        byte[] head = new byte[length];
        in.getBytes(start, head);
        return parse(head, request, allFields);
    }

    /**
     * The length of the head up to and including the line end of its blank line (CRLF, or a bare LF, refused once
     * parsed); -1 while it has not all arrived within {@code limit}.
     */
    private static int headLength(ByteBuf in, int start, int limit) {
        int from = start;
        while (true) {
            int lf = in.indexOf(from, limit, (byte) '\n');
            if (lf < 0) {
                return -1;
            }
            int next = lf + 1;
            if (next < limit) {
                byte b = in.getByte(next);
                if (b == '\n') {
                    return next + 1 - start;
                }
                if (b == '\r' && next + 1 < limit && in.getByte(next + 1) == '\n') {
                    return next + 2 - start;
                }
            }
            from = next;
        }
    }

    private static Http1Head parse(byte[] b, boolean request, boolean allFields) {
        int lineStart = 0;
        String method = null;
        String target = null;
        int status = 0;
        boolean http11 = false;
        List<String> names = new ArrayList<>(allFields ? 12 : 4);
        List<String> values = new ArrayList<>(allFields ? 12 : 4);
        while (true) {
            int lf = indexOf(b, lineStart, b.length, (byte) '\n');
            if (lf == lineStart || b[lf - 1] != '\r') {
                return unsupported("a line not ended by CRLF");
            }
            int lineEnd = lf - 1;
            if (lineEnd == lineStart) {
                if (method == null && status == 0) {
                    return unsupported("an empty start line");
                }
                return new Http1Head(method, target, status, http11, names, values, b.length, null);
            }
            if (method == null && status == 0) {
                int sp1 = indexOf(b, lineStart, lineEnd, (byte) ' ');
                if (sp1 <= lineStart) {
                    return unsupported("a malformed start line");
                }
                if (request) {
                    int sp2 = indexOf(b, sp1 + 1, lineEnd, (byte) ' ');
                    if (sp2 < 0 || indexOf(b, sp2 + 1, lineEnd, (byte) ' ') >= 0) {
                        return unsupported("a malformed request line");
                    }
                    if (is(b, sp2 + 1, lineEnd, "HTTP/2.0")) {
                        // the connection preface of HTTP/2 with prior knowledge (RFC 9113 3.4)
                        return unsupported("HTTP/2");
                    }
                    http11 = is(b, sp2 + 1, lineEnd, "HTTP/1.1");
                    if (!http11 && !is(b, sp2 + 1, lineEnd, "HTTP/1.0")) {
                        return unsupported("version " + text(b, sp2 + 1, lineEnd));
                    }
                    if (!all(b, lineStart, sp1, Http1Head::isTokenByte) || sp2 == sp1 + 1
                            || !all(b, sp1 + 1, sp2, Http1Head::isVisibleByte)) {
                        return unsupported("a malformed request line");
                    }
                    method = known(KNOWN_METHODS_BY_LENGTH, b, lineStart, sp1, false);
                    if (method == null) {
                        method = text(b, lineStart, sp1);
                    }
                    target = text(b, sp1 + 1, sp2);
                } else {
                    http11 = is(b, lineStart, sp1, "HTTP/1.1");
                    if (!http11 && !is(b, lineStart, sp1, "HTTP/1.0")) {
                        return unsupported("version " + text(b, lineStart, sp1));
                    }
                    status = statusCode(b, sp1 + 1, lineEnd);
                    if (status < 100) {
                        return unsupported("a malformed status line");
                    }
                }
            } else {
                if (isSpace(b[lineStart])) {
                    return unsupported("a folded header line");
                }
                int colon = indexOf(b, lineStart, lineEnd, (byte) ':');
                if (colon <= lineStart || isSpace(b[colon - 1])) {
                    return unsupported("a malformed header line");
                }
                int valueStart = colon + 1;
                int valueEnd = lineEnd;
                while (valueStart < valueEnd && isSpace(b[valueStart])) {
                    valueStart++;
                }
                while (valueEnd > valueStart && isSpace(b[valueEnd - 1])) {
                    valueEnd--;
                }
                if (!all(b, lineStart, colon, Http1Head::isTokenByte)) {
                    return unsupported("a malformed header name");
                }
                if (!all(b, valueStart, valueEnd, Http1Head::isFieldValueByte)) {
                    return unsupported("a control character in a header value");
                }
                String name = known(KNOWN_NAMES_BY_LENGTH, b, lineStart, colon, true);
                if (allFields || name != null && CONNECTION_FIELDS.contains(name)) {
                    names.add(name != null ? name : lowerCase(b, lineStart, colon));
                    values.add(text(b, valueStart, valueEnd));
                }
            }
            lineStart = lf + 1;
        }
    }

    /** The index of {@code value} in {@code b[from, to)}, or -1. */
    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private interface BytePredicate {
        boolean test(byte b);
    }

    private static boolean all(byte[] b, int from, int to, BytePredicate predicate) {
        for (int i = from; i < to; i++) {
            if (!predicate.test(b[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code b[from, to)} is {@code text} (ASCII), exactly. */
    private static boolean is(byte[] b, int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** One of the table's words if {@code b[from, to)} is one (ignoring ASCII case if asked), else null. */
    private static String known(String[][] byLength, byte[] b, int from, int to, boolean ignoreCase) {
        int length = to - from;
        if (length >= byLength.length) {
            return null;
        }
        for (String word : byLength[length]) {
            int i = 0;
            while (i < length && (ignoreCase ? lower(b[from + i]) : b[from + i]) == word.charAt(i)) {
                i++;
            }
            if (i == length) {
                return word;
            }
        }
        return null;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static String lowerCase(byte[] b, int from, int to) {
        byte[] lower = new byte[to - from];
        for (int i = from; i < to; i++) {
            lower[i - from] = (byte) lower(b[i]);
        }
        return new String(lower, StandardCharsets.ISO_8859_1);
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    /** Three digits, then the end of the line or a space and a reason; else -1. */
    private static int statusCode(byte[] b, int from, int lineEnd) {
        if (lineEnd - from < 3 || lineEnd - from > 3 && b[from + 3] != ' ') {
            return -1;
        }
        int code = 0;
        for (int i = from; i < from + 3; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            code = code * 10 + (b[i] - '0');
        }
        return code;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static boolean isTokenByte(byte b) {
        int c = b & 0xff;
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** A request target: visible US-ASCII only (RFC 9112 3.2). */
    private static boolean isVisibleByte(byte b) {
        return b > ' ' && b < 127;
    }

    /** Field-value bytes: visible characters, obs-text, space and tab; no other control character. */
    private static boolean isFieldValueByte(byte b) {
        return b == '\t' || (b & 0xff) >= ' ' && b != 127;
    }
}

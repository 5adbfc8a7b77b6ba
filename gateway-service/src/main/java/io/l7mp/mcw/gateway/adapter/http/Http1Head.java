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
    /** Field names in lower case, in the order received; {@code values} has the same index. */
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
        return parse(in, maxHeadSize, true);
    }

    /** Parses a response head; see {@link #request}. */
    static Http1Head response(ByteBuf in, int maxHeadSize) {
        return parse(in, maxHeadSize, false);
    }

    private static Http1Head parse(ByteBuf in, int maxHeadSize, boolean request) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int limit = Math.min(end, start + maxHeadSize);
        int lineStart = start;
        String method = null;
        String target = null;
        int status = 0;
        boolean http11 = false;
        List<String> names = new ArrayList<>(12);
        List<String> values = new ArrayList<>(12);
        while (true) {
            int lf = in.indexOf(lineStart, limit, (byte) '\n');
            if (lf < 0) {
                return end - start >= maxHeadSize ? unsupported("head larger than " + maxHeadSize + " bytes") : null;
            }
            if (lf == lineStart || in.getByte(lf - 1) != '\r') {
                return unsupported("a line not ended by CRLF");
            }
            int lineEnd = lf - 1;
            if (lineEnd == lineStart) {
                if (method == null && status == 0) {
                    return unsupported("an empty start line");
                }
                return new Http1Head(method, target, status, http11, names, values, lf + 1 - start, null);
            }
            if (method == null && status == 0) {
                String line = in.toString(lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
                int sp1 = line.indexOf(' ');
                if (sp1 <= 0) {
                    return unsupported("a malformed start line");
                }
                if (request) {
                    int sp2 = line.indexOf(' ', sp1 + 1);
                    if (sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
                        return unsupported("a malformed request line");
                    }
                    String version = line.substring(sp2 + 1);
                    if (version.equals("HTTP/2.0")) {
                        // the connection preface of HTTP/2 with prior knowledge (RFC 9113 3.4)
                        return unsupported("HTTP/2");
                    }
                    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                        return unsupported("version " + version);
                    }
                    http11 = version.equals("HTTP/1.1");
                    method = line.substring(0, sp1);
                    target = line.substring(sp1 + 1, sp2);
                    if (!isToken(method) || !isVisible(target)) {
                        return unsupported("a malformed request line");
                    }
                } else {
                    String version = line.substring(0, sp1);
                    if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
                        return unsupported("version " + version);
                    }
                    http11 = version.equals("HTTP/1.1");
                    status = statusCode(line, sp1 + 1);
                    if (status < 100) {
                        return unsupported("a malformed status line");
                    }
                }
            } else {
                byte first = in.getByte(lineStart);
                if (first == ' ' || first == '\t') {
                    return unsupported("a folded header line");
                }
                int colon = in.indexOf(lineStart, lineEnd, (byte) ':');
                if (colon <= lineStart || isSpace(in.getByte(colon - 1))) {
                    return unsupported("a malformed header line");
                }
                int valueStart = colon + 1;
                int valueEnd = lineEnd;
                while (valueStart < valueEnd && isSpace(in.getByte(valueStart))) {
                    valueStart++;
                }
                while (valueEnd > valueStart && isSpace(in.getByte(valueEnd - 1))) {
                    valueEnd--;
                }
                String name = lowerCaseName(in, lineStart, colon);
                if (name == null) {
                    return unsupported("a malformed header name");
                }
                if (in.forEachByte(valueStart, valueEnd - valueStart, Http1Head::isFieldValueByte) >= 0) {
                    return unsupported("a control character in a header value");
                }
                names.add(name);
                values.add(in.toString(valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1));
            }
            lineStart = lf + 1;
        }
    }

    private static int statusCode(String line, int from) {
        if (line.length() < from + 3 || (line.length() > from + 3 && line.charAt(from + 3) != ' ')) {
            return -1;
        }
        int code = 0;
        for (int i = from; i < from + 3; i++) {
            char c = line.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            code = code * 10 + (c - '0');
        }
        return code;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The field name in lower case; null if it is not a token (RFC 9110 5.1). */
    private static String lowerCaseName(ByteBuf in, int from, int to) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            int b = in.getByte(i) & 0xff;
            if (!isTokenChar(b)) {
                return null;
            }
            chars[i - from] = (char) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
        return new String(chars);
    }

    /** tchar of RFC 9110 5.6.2. */
    private static boolean isTokenChar(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                || c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean isToken(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isTokenChar(text.charAt(i))) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** A request target: visible US-ASCII only (RFC 9112 3.2). */
    private static boolean isVisible(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
        }
        return !text.isEmpty();
    }

    /** Field-value bytes: visible characters, obs-text, space and tab; no other control character. */
    private static boolean isFieldValueByte(byte b) {
        return b == '\t' || (b & 0xff) >= ' ' && b != 127;
    }
}

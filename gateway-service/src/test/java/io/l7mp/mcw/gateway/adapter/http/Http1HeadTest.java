package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** The relay's strict HTTP/1.x head parser: what it reads, what it waits for, what it leaves to the full server. */
class Http1HeadTest {
    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void readsARequestHeadWithoutConsumingIt() {
        // Given
        String head = "GET /payment/x?id=1 HTTP/1.1\r\nHost: payment.secure.svc.clusterset.local:8080\r\n"
                + "X-Trace:  a b \r\nContent-Length: 5\r\n\r\n";
        ByteBuf in = bytes(head + "hello");

        // When
        Http1Head parsed = Http1Head.request(in, 8192);

        // Then
        assertThat(parsed.unsupported).isNull();
        assertThat(parsed.method).isEqualTo("GET");
        assertThat(parsed.target).isEqualTo("/payment/x?id=1");
        assertThat(parsed.http11).isTrue();
        assertThat(parsed.names).containsExactly("host", "x-trace", "content-length");
        assertThat(parsed.values).containsExactly("payment.secure.svc.clusterset.local:8080", "a b", "5");
        assertThat(parsed.host).isEqualTo("payment.secure.svc.clusterset.local:8080");
        assertThat(parsed.hosts).isEqualTo(1);
        assertThat(parsed.contentLength).isEqualTo(5);
        assertThat(parsed.length).isEqualTo(head.length());
        assertThat(in.readerIndex()).isZero();
    }

    @Test
    void waitsForTheBlankLineUntilTheHeadLimit() {
        // Given: an unfinished head under the limit, and one that has reached it
        ByteBuf partial = bytes("GET / HTTP/1.1\r\nHost: x\r\n");
        ByteBuf huge = bytes("GET / HTTP/1.1\r\nX-Big: " + "a".repeat(200) + "\r\n");

        // When / Then
        assertThat(Http1Head.request(partial, 8192)).isNull();
        assertThat(Http1Head.request(huge, 64).unsupported).contains("larger than 64 bytes");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET / HTTP/1.1\\nHost: x\\n\\n|a line not ended by CRLF",
            "PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n|HTTP/2",
            "GET / HTTP/3\\r\\nHost: x\\r\\n\\r\\n|version HTTP/3",
            "GET  / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|a malformed request line",
            "GET / HTTP/1.1\\r\\nHost: x\\r\\n folded\\r\\n\\r\\n|a folded header line",
            "GET / HTTP/1.1\\r\\nHost : x\\r\\n\\r\\n|a malformed header line",
            "GET / HTTP/1.1\\r\\nno colon\\r\\n\\r\\n|a malformed header line",
            "\\r\\n\\r\\n|an empty start line",
            "G(T / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|a malformed request line",
            "GET /a\\u0001 HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n|a malformed request line",
            "GET / HTTP/1.1\\r\\nHo\\\\st: x\\r\\n\\r\\n|a malformed header name",
            "GET / HTTP/1.1\\r\\nHost: x\\ry\\r\\n\\r\\n|a control character in a header value" })
    void leavesWhatItDoesNotReadStrictlyToTheFullServer(String head, String reason) {
        // When
        Http1Head parsed = Http1Head.request(bytes(head.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0001", "\u0001")),
                8192);

        // Then
        assertThat(parsed.unsupported).isEqualTo(reason);
    }

    @Test
    void tellsTheFramingAndConnectionFacts() {
        // When
        Http1Head chunked = Http1Head.request(bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"), 8192);
        Http1Head gzip = Http1Head.request(bytes("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n"
                + "\r\n"), 8192);
        Http1Head upgrade = Http1Head.request(bytes("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings"
                + "\r\nUpgrade: h2c\r\nExpect: 100-continue\r\n\r\n"), 8192);
        Http1Head twoLengths = Http1Head.request(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                + "Content-Length: 4\r\n\r\n"), 8192);
        Http1Head sameLengths = Http1Head.request(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                + "Content-Length: 3\r\n\r\n"), 8192);
        Http1Head signed = Http1Head.request(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\n"), 8192);
        Http1Head twoHosts = Http1Head.request(bytes("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n"), 8192);

        // Then
        assertThat(chunked.chunked).isTrue();
        assertThat(chunked.otherTransferEncoding).isFalse();
        assertThat(chunked.connectionClose).isTrue();
        assertThat(chunked.contentLength).isEqualTo(Http1Head.NO_LENGTH);
        assertThat(gzip.otherTransferEncoding).isTrue();
        assertThat(upgrade.upgrade).isTrue();
        assertThat(upgrade.expect).isTrue();
        assertThat(twoLengths.contentLength).isEqualTo(Http1Head.BAD_LENGTH);
        assertThat(sameLengths.contentLength).isEqualTo(3);
        assertThat(signed.contentLength).isEqualTo(Http1Head.BAD_LENGTH);
        assertThat(twoHosts.hosts).isEqualTo(2);
        assertThat(twoHosts.http11).isFalse();
    }

    @Test
    void readsAResponseHead() {
        // When
        Http1Head ok = Http1Head.response(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"), 8192);
        Http1Head noReason = Http1Head.response(bytes("HTTP/1.0 204\r\nConnection: keep-alive\r\n\r\n"), 8192);
        Http1Head bad = Http1Head.response(bytes("HTTP/1.1 2x0 OK\r\n\r\n"), 8192);

        // Then
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.contentLength).isEqualTo(2);
        assertThat(ok.length).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n".length());
        assertThat(noReason.status).isEqualTo(204);
        assertThat(noReason.http11).isFalse();
        assertThat(noReason.connectionKeepAlive).isTrue();
        assertThat(bad.unsupported).isEqualTo("a malformed status line");
    }

    @Test
    void aResponseHeadKeepsOnlyTheConnectionFieldsUnlessAllAreAskedFor() {
        // Given
        String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nKEEP-ALIVE: timeout=5\r\nX-Te: 1\r\n"
                + "Content-Length: 2\r\n\r\nok";

        // When
        Http1Head framing = Http1Head.response(bytes(head), 8192);
        Http1Head all = Http1Head.responseWithAllFields(bytes(head), 8192);

        // Then: the same framing either way; the other fields only when asked for
        assertThat(framing.names).containsExactly("keep-alive", "content-length");
        assertThat(framing.values).containsExactly("timeout=5", "2");
        assertThat(all.names).containsExactly("content-type", "keep-alive", "x-te", "content-length");
        assertThat(framing.contentLength).isEqualTo(all.contentLength).isEqualTo(2);
        assertThat(framing.length).isEqualTo(all.length);
    }

    @ParameterizedTest
    @ValueSource(strings = { "HTTP/1.1 200 OK\r\nX Bad: 1\r\n\r\n", "HTTP/1.1 200 OK\r\nX-Bad: a\u0001b\r\n\r\n" })
    void aResponseFieldItDoesNotKeepIsCheckedAllTheSame(String head) {
        // When
        Http1Head parsed = Http1Head.response(bytes(head), 8192);

        // Then
        assertThat(parsed.unsupported).startsWith("a ");
    }

    @Test
    void keepsEveryByteOfAValue() {
        // Given: obs-text (RFC 9110 5.5) in a value
        ByteBuf in = Unpooled.buffer();
        in.writeBytes("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf".getBytes(StandardCharsets.ISO_8859_1));
        in.writeByte(0xe9);
        in.writeBytes("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

        // When
        Http1Head parsed = Http1Head.request(in, 8192);

        // Then
        assertThat(parsed.get("x-name").getBytes(StandardCharsets.ISO_8859_1)).containsExactly('c', 'a', 'f', 0xe9);
    }
}

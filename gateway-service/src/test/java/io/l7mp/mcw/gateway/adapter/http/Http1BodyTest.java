package io.l7mp.mcw.gateway.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/** Where a body ends in the byte stream, however the stream is split into reads. */
class Http1BodyTest {
    private static final String CHUNKED = "5;ext=1\r\nhello\r\n1a\r\n" + "b".repeat(26)
            + "\r\n0\r\nTrailer-Field: x\r\n\r\n";

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }

    /** Feeds {@code stream} in reads of {@code split} bytes; returns how many bytes the body took. */
    private static int feed(Http1Body body, String stream, int split) {
        int taken = 0;
        for (int from = 0; from < stream.length() && !body.done(); from += split) {
            ByteBuf read = bytes(stream.substring(from, Math.min(stream.length(), from + split)));
            int n = body.scan(read);
            if (n < 0) {
                return n;
            }
            taken += n;
        }
        return taken;
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 7, 1000 })
    void aChunkedBodyEndsAfterItsTrailersWhateverTheReads(int split) {
        // Given: the body, then the next response's first bytes
        Http1Body body = Http1Body.chunked();

        // When
        int taken = feed(body, CHUNKED + "HTTP/1.1 200 OK\r\n", split);

        // Then
        assertThat(body.done()).isTrue();
        assertThat(taken).isEqualTo(CHUNKED.length());
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 4, 1000 })
    void aLengthBodyEndsAtItsLength(int split) {
        // Given
        Http1Body body = Http1Body.ofLength(10);

        // When
        int taken = feed(body, "0123456789GET / HTTP/1.1", split);

        // Then
        assertThat(body.done()).isTrue();
        assertThat(taken).isEqualTo(10);
    }

    @Test
    void anEmptyBodyIsDoneAtOnceAndABodyUntilCloseNever() {
        // Given
        Http1Body empty = Http1Body.ofLength(0);
        Http1Body untilClose = Http1Body.untilClose();

        // When
        int taken = untilClose.scan(bytes("all of it"));

        // Then
        assertThat(empty.done()).isTrue();
        assertThat(untilClose.done()).isFalse();
        assertThat(untilClose.untilCloseBody()).isTrue();
        assertThat(taken).isEqualTo(9);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "zz\\r\\n|a chunk size that is not a hexadecimal number",
            "\\r\\n|a malformed chunk-size line",
            "5\\nhello|a malformed chunk-size line",
            "2\\r\\nhiX\\r\\n|a chunk's data is not followed by CRLF",
            "0\\r\\nx\\n|a trailer line not ended by CRLF" })
    void aBrokenChunkedFramingIsAnError(String stream, String reason) {
        // Given
        Http1Body body = Http1Body.chunked();

        // When
        int taken = feed(body, stream.replace("\\r", "\r").replace("\\n", "\n"), 1000);

        // Then
        assertThat(taken).isEqualTo(-1);
        assertThat(body.error()).isEqualTo(reason);
    }

    @Test
    void aChunkSizeLineHasALimit() {
        // Given
        Http1Body body = Http1Body.chunked();

        // When
        int taken = feed(body, "1;" + "x".repeat(2000) + "\r\n", 1000);

        // Then
        assertThat(taken).isEqualTo(-1);
        assertThat(body.error()).contains("longer than 1024");
    }
}

package io.l7mp.mcw.api.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TunnelProbeTest {

    @Test
    void aProbeRoundTripsWithItsFieldsAtTheDocumentedOffsets() {
        // Given
        TunnelProbe probe = TunnelProbe.probe(0x0102030405060708L, -42L);

        // When
        byte[] bytes = probe.encode();

        // Then
        ByteBuffer in = ByteBuffer.wrap(bytes);
        assertThat(bytes).hasSize(TunnelProbe.SIZE);
        assertThat(Arrays.copyOfRange(bytes, 0, 4)).isEqualTo("MCWP".getBytes(StandardCharsets.US_ASCII));
        assertThat(bytes[4]).isEqualTo((byte) 1);
        assertThat(bytes[5]).isEqualTo((byte) 1);
        assertThat(in.getLong(8)).isEqualTo(0x0102030405060708L);
        assertThat(in.getLong(16)).isEqualTo(-42L);
        assertThat(in.getLong(24)).isZero();
        assertThat(TunnelProbe.decode(bytes)).contains(probe);
    }

    @Test
    void anEchoKeepsTheProbesSequenceAndSendTimeAndAddsTheResponders() {
        // Given
        TunnelProbe probe = TunnelProbe.probe(7, 123_456_789L);

        // When
        TunnelProbe echo = probe.echo(1_000L, 1_005L);
        byte[] bytes = echo.encode();

        // Then
        assertThat(bytes).hasSize(TunnelProbe.SIZE);
        assertThat(bytes[5]).isEqualTo((byte) 2);
        assertThat(TunnelProbe.decode(bytes)).contains(
                new TunnelProbe(TunnelProbe.Type.ECHO, 7, 123_456_789L, 1_000L, 1_005L));
    }

    @Test
    void aDatagramIsReadFromItsOffsetInALargerBuffer() {
        // Given
        TunnelProbe probe = TunnelProbe.probe(9, 99);
        byte[] buffer = new byte[100];
        System.arraycopy(probe.encode(), 0, buffer, 30, TunnelProbe.SIZE);

        // When / Then
        assertThat(TunnelProbe.decode(buffer, 30, TunnelProbe.SIZE)).contains(probe);
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = { 0, 1, 39, 41, 80 })
    void aDatagramOfAnotherLengthIsRefused(int length) {
        // Given
        byte[] bytes = Arrays.copyOf(TunnelProbe.probe(1, 2).encode(), length);

        // When / Then
        assertThat(TunnelProbe.decode(bytes)).isEmpty();
    }

    @ParameterizedTest(name = "byte {0} set to {1}")
    @CsvSource({
            "0, 0x4E",
            "3, 0x51",
            "4, 0",
            "4, 2",
            "5, 0",
            "5, 3",
            "5, 0x81" })
    void aDatagramWithAnotherMagicVersionOrTypeIsRefused(int offset, String value) {
        // Given
        byte[] bytes = TunnelProbe.probe(1, 2).encode();
        bytes[offset] = (byte) Integer.decode(value).intValue();

        // When / Then
        assertThat(TunnelProbe.decode(bytes)).isEmpty();
    }

    @ParameterizedTest(name = "offset {0}")
    @ValueSource(ints = { -1, 21, 60 })
    void aRangeOutsideTheBufferIsRefused(int offset) {
        // Given: a probe in the last 40 bytes of 60
        byte[] buffer = new byte[60];
        System.arraycopy(TunnelProbe.probe(1, 2).encode(), 0, buffer, 20, TunnelProbe.SIZE);

        // When / Then
        assertThat(TunnelProbe.decode(buffer, 20, TunnelProbe.SIZE)).isPresent();
        assertThat(TunnelProbe.decode(buffer, offset, TunnelProbe.SIZE)).isEmpty();
    }
}

package io.l7mp.mcw.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.l7mp.mcw.api.event.EgressPort;

class EgressPortAnnotationTest {

    @Test
    void formatsAndParsesTheDocumentedForm() {
        // Given
        List<EgressPort> ports = List.of(new EgressPort("http", "TCP", 8080, 40001),
                new EgressPort("grpc", "TCP", 9090, 40002), new EgressPort(null, "UDP", 53, 40003));

        // When
        String text = EgressPortAnnotation.format(ports);

        // Then
        assertThat(text).isEqualTo("http/TCP/8080=40001,grpc/TCP/9090=40002,/UDP/53=40003");
        assertThat(EgressPortAnnotation.parse(text)).isEqualTo(ports);
    }

    @Test
    void anEmptyAnnotationHasNoPorts() {
        assertThat(EgressPortAnnotation.parse("")).isEmpty();
        assertThat(EgressPortAnnotation.parse(null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "http/TCP/8080     | 'http/TCP/8080' is malformed",
            "http/8080=40001   | 'http/8080=40001' is malformed",
            "http//8080=40001  | 'http//8080=40001' is malformed",
            "http/TCP/x=40001  | 'http/TCP/x=40001' is invalid",
            "http/TCP/8080=0   | 'http/TCP/8080=0' is invalid",
    })
    void rejectsMalformedEntriesNamingThem(String text, String expected) {
        assertThatThrownBy(() -> EgressPortAnnotation.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected).hasMessageContaining("name/protocol/port=egressPort");
    }
}

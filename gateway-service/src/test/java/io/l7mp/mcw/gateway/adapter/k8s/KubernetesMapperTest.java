package io.l7mp.mcw.gateway.adapter.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.l7mp.mcw.gateway.domain.ImportedPort;

/** The {@code mcw.l7mp.io/egress-ports} annotation as import-service writes it, and what a bad entry costs. */
class KubernetesMapperTest {
    static List<Arguments> annotations() {
        return List.of(
                Arguments.of(null, List.of()),
                Arguments.of("", List.of()),
                Arguments.of("http/TCP/8080=40001", List.of(new ImportedPort("http", "TCP", 8080, 40001))),
                Arguments.of("http/TCP/8080=40001, grpc/TCP/9090=40002", List.of(
                        new ImportedPort("http", "TCP", 8080, 40001), new ImportedPort("grpc", "TCP", 9090, 40002))),
                Arguments.of("/TCP/80=40003", List.of(new ImportedPort(null, "TCP", 80, 40003))),
                // a malformed entry is skipped, the others still listen
                Arguments.of("http/TCP/8080,tcp/TCP/7000=40004", List.of(new ImportedPort("tcp", "TCP", 7000, 40004))),
                Arguments.of("http/TCP/8080=70000", List.of()),
                Arguments.of("http//8080=40001", List.of()));
    }

    @ParameterizedTest
    @MethodSource("annotations")
    void parsesTheEgressPortAnnotation(String annotation, List<ImportedPort> expected) {
        // When
        List<ImportedPort> ports = KubernetesMapper.egressPorts("ServiceImport dp/web", annotation);

        // Then
        assertThat(ports).isEqualTo(expected);
    }
}

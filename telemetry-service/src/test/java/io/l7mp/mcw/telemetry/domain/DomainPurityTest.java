package io.l7mp.mcw.telemetry.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The telemetry domain stays plain Java (DESIGN D1, STYLE "Shape"): the probe estimators and the health state machine
 * are unit-tested with made-up clocks, and the UDP, Kafka and gRPC adapters can change without touching them.
 */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src", "main", "java", "io", "l7mp", "mcw", "telemetry", "domain");
    private static final List<String> FORBIDDEN = List.of("io.quarkus", "io.fabric8", "io.vertx", "io.netty",
            "org.apache.kafka", "io.grpc", "jakarta.", "io.smallrye", "io.micrometer", "io.l7mp.mcw.api.crd",
            "io.l7mp.mcw.api.grpc", "io.l7mp.mcw.eventbus", "io.l7mp.mcw.telemetry.adapter",
            "io.l7mp.mcw.telemetry.app", "io.l7mp.mcw.telemetry.config");

    @Test
    void domainImportsNoFrameworkType() throws IOException {
        // Given
        List<String> violations = new ArrayList<>();

        // When
        try (Stream<Path> files = Files.list(DOMAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Files.readAllLines(file).stream().filter(l -> l.startsWith("import "))
                        .filter(l -> FORBIDDEN.stream().anyMatch(l::contains))
                        .forEach(l -> violations.add(file.getFileName() + ": " + l));
            }
        }

        // Then
        assertThat(violations).as("the domain must not import framework types: map them in an adapter "
                + "(adapter.udp, adapter.kafka, adapter.grpc) and pass domain records in").isEmpty();
        assertThat(DOMAIN.resolve("TunnelProbes.java")).exists();
    }
}

package io.l7mp.mcw.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The domain stays plain Java (DESIGN D1, STYLE "Shape"), so that the data plane's decisions are unit-tested
 * without sockets and the adapters can change without touching them.
 */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src", "main", "java", "io", "l7mp", "mcw", "gateway", "domain");
    private static final List<String> FORBIDDEN = List.of("io.quarkus", "io.fabric8", "io.vertx", "io.netty",
            "org.apache.kafka", "io.grpc", "jakarta.", "io.smallrye", "io.l7mp.mcw.api.crd",
            "io.l7mp.mcw.gateway.adapter", "io.l7mp.mcw.gateway.app", "io.l7mp.mcw.gateway.config");

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
                + "(adapter.k8s, adapter.kafka, adapter.http) and pass domain records in").isEmpty();
    }
}

package io.l7mp.mcw.policy.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The domain stays plain Java (DESIGN D1): decisions are testable without Kafka, an API server or Quarkus. */
class DomainPurityTest {
    private static final Path DOMAIN = Path.of("src/main/java/io/l7mp/mcw/policy/domain");
    private static final List<String> FORBIDDEN = List.of("import io.fabric8.", "import io.quarkus.",
            "import org.apache.kafka.", "import io.smallrye.", "import io.vertx.", "import jakarta.",
            "import io.l7mp.mcw.api.crd.", "import io.l7mp.mcw.eventbus.", "import io.l7mp.mcw.policy.adapter.",
            "import io.l7mp.mcw.policy.app.");

    @Test
    void domainImportsNoFrameworkOrAdapterType() throws IOException {
        // Given
        List<Path> sources;
        try (Stream<Path> files = Files.list(DOMAIN)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();

        for (Path source : sources) {
            // When
            List<String> imports = Files.readAllLines(source).stream().filter(l -> l.startsWith("import ")).toList();

            // Then
            assertThat(imports).as("%s must not import framework or adapter types: map them in adapter.k8s or "
                    + "adapter.kafka and pass domain records in", source.getFileName())
                    .noneMatch(l -> FORBIDDEN.stream().anyMatch(l::startsWith));
        }
    }
}

package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoRootTest {

    @TempDir
    Path dir;

    @Test
    void theParentPomMarksTheRootAndAModulePomDoesNot() throws IOException {
        // Given
        Path module = dir.resolve("sandbox");
        Files.createDirectories(module);
        Files.writeString(dir.resolve("pom.xml"), "<project><groupId>io.l7mp.mcw</groupId>"
                + "<artifactId>mcw-parent</artifactId></project>");
        Files.writeString(module.resolve("pom.xml"), "<project><parent><groupId>io.l7mp.mcw</groupId>"
                + "<artifactId>mcw-parent</artifactId></parent><artifactId>mcw-sandbox</artifactId></project>");

        // When / Then
        assertThat(RepoRoot.isRoot(dir)).isTrue();
        assertThat(RepoRoot.isRoot(module)).isFalse();
        assertThat(RepoRoot.isRoot(dir.resolve("missing"))).isFalse();
    }

    @Test
    void theCheckoutThisTestRunsInIsFound() {
        // When
        Path root = RepoRoot.find();

        // Then
        assertThat(root.resolve("sandbox").resolve("pom.xml")).isRegularFile();
        assertThat(RepoRoot.isRoot(root)).isTrue();
    }
}

package io.l7mp.mcw.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.crdv2.generator.CRDGenerator;
import io.l7mp.mcw.api.about.ClusterProperty;
import io.l7mp.mcw.api.about.ClusterPropertyV1beta1;

/**
 * The CRD YAML under {@code k8s/crds/} is generated from the Java classes and committed. This
 * test fails when the two drift; {@code -Dmcw.crd.update=true} rewrites the committed files.
 */
class CrdYamlDriftTest {
    static final Path COMMITTED = Path.of("..", "k8s", "crds");

    @Test
    void committedCrdYamlMatchesTheJavaClasses(@TempDir Path out) throws IOException {
        // Given
        new CRDGenerator().customResourceClasses(WANPolicy.class, ServiceExport.class,
                ServiceExportV1alpha1.class, ServiceImport.class, ServiceImportV1alpha1.class, ClusterProperty.class,
                ClusterPropertyV1beta1.class).forCRDVersions("v1").inOutputDir(out.toFile())
                .generate();
        List<Path> generated;
        try (Stream<Path> files = Files.list(out)) {
            generated = files.sorted().toList();
        }
        assertThat(generated).hasSize(4);

        if (Boolean.getBoolean("mcw.crd.update")) {
            Files.createDirectories(COMMITTED);
            for (Path file : generated) {
                Files.copy(file, COMMITTED.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }

        // Then
        for (Path file : generated) {
            Path committed = COMMITTED.resolve(file.getFileName());
            assertThat(committed).as("committed CRD %s (regenerate with -Dmcw.crd.update=true)", committed)
                    .exists();
            assertThat(Files.readString(committed)).as("%s drifted from the Java classes; run "
                    + "./mvnw -pl api test -Dtest=CrdYamlDriftTest -Dmcw.crd.update=true", committed)
                    .isEqualTo(Files.readString(file));
        }
    }

    @Test
    void wanPolicyCrdIsClusterScopedWithTheSeedFieldNames() throws IOException {
        // Given
        Path crd = COMMITTED.resolve("wanpolicies.mcw.l7mp.io-v1.yml");

        // When
        @SuppressWarnings("unchecked")
        Map<String, Object> yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readValue(crd.toFile(), Map.class);

        // Then
        assertThat(yaml).extractingByKey("spec").asString().contains("scope=Cluster", "group=mcw.l7mp.io");
        assertThat(Files.readString(crd)).contains("jitter-ms:", "latency-ms:", "loss-percent:", "tunnel:",
                "maximum: 65535", "maximum: 63", "maximum: 100", "@.type==\\\"Accepted\\\"");
    }

    @Test
    void clusterPropertyCrdIsClusterScopedAndServesBothAboutApiVersionsWithV1beta1Stored() throws IOException {
        // Given
        Path crd = COMMITTED.resolve("clusterproperties.about.k8s.io-v1.yml");

        // When
        String yaml = Files.readString(crd);

        // Then
        assertThat(yaml).contains("scope: \"Cluster\"", "group: \"about.k8s.io\"", "- \"multicluster\"",
                "minLength: 1");
        assertThat(yaml.replaceAll("\\s+", " ")).contains("name: \"v1alpha1\" schema:")
                .containsPattern("name: \"v1alpha1\".*served: true storage: false")
                .containsPattern("name: \"v1beta1\".*served: true storage: true");
    }

    @ParameterizedTest
    @ValueSource(strings = { "serviceexports.multicluster.x-k8s.io-v1.yml", "serviceimports.multicluster.x-k8s.io-v1.yml" })
    void mcsCrdsServeV1alpha1AndStoreV1beta1WithTheUpstreamNames(String file) throws IOException {
        // Given
        Path crd = COMMITTED.resolve(file);

        // When
        String yaml = Files.readString(crd).replaceAll("\\s+", " ");

        // Then
        assertThat(yaml).contains("group: \"multicluster.x-k8s.io\"", "categories: - \"multicluster\"")
                .containsPattern("shortNames: - \"svc(ex|im)\" - \"svc(export|import)\"")
                .containsPattern("name: \"v1alpha1\".*served: true storage: false")
                .containsPattern("name: \"v1beta1\".*served: true storage: true");
    }

    @Test
    void bothServiceExportVersionsHaveTheExportedLabelsAndAnnotations() throws IOException {
        // Given
        String yaml = Files.readString(COMMITTED.resolve("serviceexports.multicluster.x-k8s.io-v1.yml"));

        // When
        int alpha = yaml.indexOf("name: \"v1alpha1\"");
        int beta = yaml.indexOf("name: \"v1beta1\"");

        // Then: the schemas are the same, so the API server converts by rewriting apiVersion only
        assertThat(alpha).isPositive();
        assertThat(beta).isPositive();
        assertThat(yaml.substring(Math.min(alpha, beta), Math.max(alpha, beta))).contains("exportedLabels:",
                "exportedAnnotations:");
        assertThat(yaml.substring(Math.max(alpha, beta))).contains("exportedLabels:", "exportedAnnotations:");
    }
}

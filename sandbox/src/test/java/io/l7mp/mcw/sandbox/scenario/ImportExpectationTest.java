package io.l7mp.mcw.sandbox.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.crd.ServiceImportPort;
import io.l7mp.mcw.api.crd.ServiceImportSpec;
import io.l7mp.mcw.sandbox.RepoRoot;

class ImportExpectationTest {

    private static final ImportExpectation EXPECTED = ImportExpectation.read(RepoRoot.find()
            .resolve("k8s/examples/service-level/expected-serviceimport.yaml"));

    @Test
    void theExampleExpectsPaymentWithOneHttpPort() {
        assertThat(EXPECTED).isEqualTo(new ImportExpectation("secure", "payment", "ClusterSetIP",
                List.of("http/TCP/8080")));
    }

    static Stream<Arguments> imports() {
        return Stream.of(
                Arguments.of("as expected", serviceImport("ClusterSetIP", List.of("10.96.0.10"), 8080), null),
                Arguments.of("missing", null, "no ServiceImport secure/payment"),
                Arguments.of("headless", serviceImport("Headless", List.of(), 8080),
                        "spec.type is Headless, expected ClusterSetIP"),
                Arguments.of("other port", serviceImport("ClusterSetIP", List.of("10.96.0.10"), 9090),
                        "spec.ports are [http/TCP/9090], expected [http/TCP/8080]"),
                Arguments.of("no VIP", serviceImport("ClusterSetIP", List.of(), 8080),
                        "spec.ips is empty, expected the clusterset VIP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imports")
    void mismatchSaysWhatDiffers(String description, ServiceImport actual, String expectedMismatch) {
        // When
        Optional<String> mismatch = EXPECTED.mismatch(Optional.ofNullable(actual));

        // Then
        assertThat(mismatch).isEqualTo(Optional.ofNullable(expectedMismatch));
    }

    private static ServiceImport serviceImport(String type, List<String> ips, int port) {
        ServiceImport serviceImport = new ServiceImport();
        serviceImport.setMetadata(new ObjectMetaBuilder().withNamespace("secure").withName("payment").build());
        ServiceImportSpec spec = new ServiceImportSpec();
        spec.setType(type);
        spec.setIps(ips);
        spec.setPorts(List.of(new ServiceImportPort("http", "TCP", null, port)));
        serviceImport.setSpec(spec);
        return serviceImport;
    }
}

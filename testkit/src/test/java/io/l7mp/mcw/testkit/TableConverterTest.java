package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.utils.Serialization;

/** The pieces of {@code kubectl get} tables: Kubernetes JSONPath expressions and ages. */
class TableConverterTest {

    private static final String OBJECT = """
            {"metadata":{"name":"payment","annotations":{"mcw.l7mp.io/mc-wan-policy":"sd-wan-priority-high"}},
             "spec":{"ips":["10.42.0.1"],"port":31111},
             "status":{"conditions":[{"type":"Valid","status":"True"},{"type":"Conflict","status":"False"}]}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            .spec.port                                           | $['spec']['port']                                         | 31111
            .metadata.annotations.mcw\\.l7mp\\.io/mc-wan-policy  | $['metadata']['annotations']['mcw.l7mp.io/mc-wan-policy'] | "sd-wan-priority-high"
            .status.conditions[?(@.type=="Conflict")].status     | $['status']['conditions'][?(@.type=="Conflict")]['status'] | "False"
            {.spec.ips}                                          | $['spec']['ips']                                          | ["10.42.0.1"]
            .spec.ips[0]                                         | $['spec']['ips'][0]                                       | "10.42.0.1"
            .spec.missing                                        | $['spec']['missing']                                      | null
            """)
    void aKubernetesJsonPathFindsWhatKubectlFinds(String kubernetes, String jayway, String found) throws Exception {
        // Given
        JsonNode object = Serialization.jsonMapper().readTree(OBJECT);

        // When
        String converted = TableConverter.toJsonPath(kubernetes);
        JsonNode value = TableConverter.first(kubernetes, object);

        // Then
        assertThat(converted).isEqualTo(jayway);
        assertThat(value == null ? "null" : value.toString()).isEqualTo(found);
    }

    @ParameterizedTest(name = "{0}s is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0        | 0s
            45       | 45s
            119      | 119s
            120      | 2m
            330      | 5m30s
            600      | 10m
            5700     | 95m
            10800    | 3h
            19800    | 5h30m
            86400    | 24h
            183600   | 2d3h
            1036800  | 12d
            63072000 | 2y
            65664000 | 2y30d
            """)
    void anAgeIsShownAsKubectlShowsIt(long seconds, String shown) {
        assertThat(HumanDuration.of(Duration.ofSeconds(seconds))).isEqualTo(shown);
    }
}

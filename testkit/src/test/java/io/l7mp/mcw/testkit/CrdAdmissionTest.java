package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Admission of custom resources against the committed CRD schemas, in the words of a real API server. */
class CrdAdmissionTest {

    private static final ApiResource WAN_POLICY = ApiResources.committed().findKind("mcw.l7mp.io/v1alpha1",
            "WANPolicy").orElseThrow();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # spec                                                     | the API server's message
            {"tunnel":"business","port":"high"}                        | spec.port: Invalid value: "string": spec.port in body must be of type integer: "string"
            {"tunnel":"business","port":31111,"failover":["low"]}      | spec.failover: Invalid value: "array": spec.failover in body must be of type object: "array"
            {"tunnel":"business","port":70000}                         | spec.port: Invalid value: 70000: spec.port in body should be less than or equal to 65535
            {"tunnel":"business","port":0}                             | spec.port: Invalid value: 0: spec.port in body should be greater than or equal to 1
            {"port":31116}                                             | spec.tunnel: Required value
            {"tunnel":"business","port":31111,"sla":{"latency-ms":-5}} | spec.sla.latency-ms: Invalid value: -5: spec.sla.latency-ms in body should be greater than or equal to 0
            {"tunnel":"business","port":31111,"dscp":1.5}              | spec.dscp: Invalid value: "number": spec.dscp in body must be of type integer: "number"
            """)
    void aWanPolicyThatBreaksTheSchemaIsRefused(String spec, String message) throws Exception {
        // Given
        JsonNode policy = Serialization.jsonMapper().readTree(
                "{\"apiVersion\":\"mcw.l7mp.io/v1alpha1\",\"kind\":\"WANPolicy\",\"metadata\":{\"name\":\"x\"},\"spec\":"
                        + spec + "}");

        // When
        CrdAdmission.Outcome outcome = new CrdAdmission().admit(WAN_POLICY, policy);

        // Then
        assertThat(outcome).isInstanceOf(CrdAdmission.Refused.class);
        CrdAdmission.Refused refused = (CrdAdmission.Refused) outcome;
        assertThat(refused.errors()).extracting(CrdAdmission.FieldError::toString).containsExactly(message);
        assertThat(refused.status().path("message").asText()).isEqualTo("WANPolicy.mcw.l7mp.io \"x\" is invalid: " + message);
        assertThat(refused.status().path("code").asInt()).isEqualTo(422);
        assertThat(refused.status().at("/details/causes/0/field").asText()).isEqualTo(message.substring(0,
                message.indexOf(':')));
    }

    @Test
    void aValidPolicyWithAStatusTheSchemaForbidsIsAdmittedAsStatusIsNotWrittenWithTheObject() throws Exception {
        // Given
        JsonNode policy = Serialization.jsonMapper().readTree("""
                {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"x"},
                 "spec":{"tunnel":"business","port":31111},"status":{"observedGeneration":"one"}}""");

        // When / Then
        assertThat(new CrdAdmission().admit(WAN_POLICY, policy)).isInstanceOf(CrdAdmission.Admitted.class);
    }

    @Test
    void theApiServerAnswers422WithAllViolationsAndStoresNothing() {
        try (ApiServer server = ApiServer.start("cluster-1")) {
            // When
            HttpResponse<byte[]> response = Http.send("POST", server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies",
                    "application/json", """
                            {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"x"},
                             "spec":{"port":"high","failover":["low"]}}""".getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(response.statusCode()).isEqualTo(422);
            JsonNode status = Http.json(response);
            assertThat(status.path("reason").asText()).isEqualTo("Invalid");
            assertThat(status.path("message").asText()).isEqualTo("WANPolicy.mcw.l7mp.io \"x\" is invalid: ["
                    + "spec.failover: Invalid value: \"array\": spec.failover in body must be of type object: \"array\", "
                    + "spec.port: Invalid value: \"string\": spec.port in body must be of type integer: \"string\", "
                    + "spec.tunnel: Required value]");
            assertThat(status.at("/details/kind").asText()).isEqualTo("WANPolicy");
            assertThat(status.at("/details/name").asText()).isEqualTo("x");
            assertThat(Http.get(server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies/x", "application/json")
                    .statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aMergePatchThatBreaksTheSchemaIsRefusedAndLeavesTheObjectAsItWas() {
        try (ApiServer server = ApiServer.start("cluster-1")) {
            // Given
            String url = server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies";
            assertThat(Http.send("POST", url, "application/json", """
                    {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"x"},
                     "spec":{"tunnel":"business","port":31111}}""".getBytes(StandardCharsets.UTF_8)).statusCode())
                    .isEqualTo(201);

            // When
            HttpResponse<byte[]> response = Http.send("PATCH", url + "/x", "application/merge-patch+json",
                    "{\"spec\":{\"port\":70000}}".getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(Http.json(Http.get(url + "/x", "application/json")).at("/spec/port").asInt()).isEqualTo(31111);
        }
    }

    @Test
    void withoutAdmissionTheServerStoresWhatTheSchemaForbids() {
        try (ApiServer server = ApiServer.builder("cluster-1").admission(false).start()) {
            // When
            HttpResponse<byte[]> response = Http.send("POST", server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies",
                    "application/json", """
                            {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"x"},
                             "spec":{"port":"high"}}""".getBytes(StandardCharsets.UTF_8));

            // Then
            assertThat(response.statusCode()).isEqualTo(201);
        }
    }
}

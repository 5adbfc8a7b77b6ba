package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.UnknownFieldSet;

/**
 * The discovery and OpenAPI documents kubectl reads, over plain HTTP: short names and categories, the committed
 * CRDs' schemas in OpenAPI v2 (JSON and protobuf) and v3.
 */
class ApiServerDocumentsTest {

    private static final String JSON = "application/json";
    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start("cluster-1");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void coreDiscoveryHasTheShortNamesAndCategoriesKubectlResolves() {
        // When
        JsonNode list = Http.json(Http.get(server.url() + "/api/v1", JSON));

        // Then
        assertThat(resource(list, "namespaces").path("shortNames").toString()).isEqualTo("[\"ns\"]");
        assertThat(resource(list, "services").path("shortNames").toString()).isEqualTo("[\"svc\"]");
        assertThat(resource(list, "services").path("categories").toString()).isEqualTo("[\"all\"]");
        assertThat(resource(list, "services").path("singularName").asText()).isEqualTo("service");
        assertThat(resource(list, "services/status").path("verbs").toString()).contains("patch");
    }

    @Test
    void customResourceDiscoveryFollowsTheCommittedCrd() {
        // Given
        CrdCatalog.Crd wanPolicies = committed("WANPolicy");
        String version = wanPolicies.storageVersion().name();

        // When
        JsonNode list = Http.json(Http.get(server.url() + "/apis/mcw.l7mp.io/" + version, JSON));
        JsonNode groups = Http.json(Http.get(server.url() + "/apis", JSON));

        // Then
        JsonNode resource = resource(list, "wanpolicies");
        assertThat(resource.path("shortNames").toString()).isEqualTo(strings(wanPolicies.shortNames()));
        assertThat(resource.path("singularName").asText()).isEqualTo("wanpolicy");
        assertThat(resource.path("namespaced").asBoolean()).isFalse();
        assertThat(groups.path("groups").findValuesAsText("name")).contains("mcw.l7mp.io", "multicluster.x-k8s.io",
                "discovery.k8s.io", "networking.istio.io", "gateway.networking.k8s.io");
    }

    @Test
    void openApiV2CarriesTheCrdSchemaWithItsGroupVersionKind() {
        // When
        JsonNode v2 = Http.json(Http.get(server.url() + "/openapi/v2", JSON));

        // Then
        JsonNode wanPolicy = v2.path("definitions").path("io.l7mp.mcw.v1alpha1.WANPolicy");
        assertThat(wanPolicy.path("x-kubernetes-group-version-kind").get(0).path("kind").asText()).isEqualTo("WANPolicy");
        assertThat(wanPolicy.at("/properties/spec/required").toString()).isEqualTo("[\"port\",\"tunnel\"]");
        assertThat(wanPolicy.at("/properties/spec/properties/port/type").asText()).isEqualTo("integer");
        assertThat(wanPolicy.at("/properties/metadata/$ref").asText())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(v2.path("definitions").path("io.k8s.api.core.v1.ServiceSpec").at("/properties/ports/items/$ref")
                .asText()).isEqualTo("#/definitions/io.k8s.api.core.v1.ServicePort");
        assertThat(v2.path("definitions").path("io.x-k8s.multicluster.v1beta1.ServiceImport").isObject()).isTrue();
    }

    @Test
    void openApiV2IsProtobufWhenKubectlAsksForIt() throws Exception {
        // When
        HttpResponse<byte[]> response = Http.get(server.url() + "/openapi/v2",
                "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        // Then the openapi.v2.Document: swagger (1) and the definitions (9), each a NamedSchema with its name (1)
        assertThat(Http.contentType(response)).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        UnknownFieldSet document = UnknownFieldSet.parseFrom(response.body());
        assertThat(document.getField(1).getLengthDelimitedList().get(0).toStringUtf8()).isEqualTo("2.0");
        UnknownFieldSet definitions = UnknownFieldSet.parseFrom(document.getField(9).getLengthDelimitedList().get(0));
        List<String> names = new ArrayList<>();
        for (var named : definitions.getField(1).getLengthDelimitedList()) {
            names.add(UnknownFieldSet.parseFrom(named).getField(1).getLengthDelimitedList().get(0).toStringUtf8());
        }
        assertThat(names).contains("io.l7mp.mcw.v1alpha1.WANPolicy", "io.k8s.api.core.v1.Service",
                "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    }

    @Test
    void openApiV3IndexLeadsToEachGroupVersionDocument() {
        // When
        JsonNode index = Http.json(Http.get(server.url() + "/openapi/v3", JSON));
        String url = index.path("paths").path("apis/mcw.l7mp.io/v1alpha1").path("serverRelativeURL").asText();
        JsonNode document = Http.json(Http.get(server.url() + url, JSON));

        // Then
        assertThat(url).startsWith("/openapi/v3/apis/mcw.l7mp.io/v1alpha1?hash=");
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("io.l7mp.mcw.v1alpha1.WANPolicy").at("/properties/spec/properties/port/maximum")
                .asInt()).isEqualTo(65535);
        assertThat(schemas.path("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").isObject()).isTrue();
        assertThat(document.path("paths").path("/apis/mcw.l7mp.io/v1alpha1/wanpolicies")
                .at("/get/x-kubernetes-group-version-kind/kind").asText()).isEqualTo("WANPolicy");
        assertThat(index.path("paths").has("api/v1")).isTrue();
    }

    private static JsonNode resource(JsonNode list, String name) {
        for (JsonNode resource : list.path("resources")) {
            if (resource.path("name").asText().equals(name)) {
                return resource;
            }
        }
        throw new AssertionError("no resource " + name + " in " + list);
    }

    private static CrdCatalog.Crd committed(String kind) {
        return CrdCatalog.committed().crds().stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    private static String strings(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}

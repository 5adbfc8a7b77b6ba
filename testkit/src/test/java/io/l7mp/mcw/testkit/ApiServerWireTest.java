package io.l7mp.mcw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;

/**
 * What kubectl sends and expects on the wire, over plain HTTP: protobuf request bodies, JSON answers with a content
 * type, the server-side table with the CRD's printer columns, and {@code Status} bodies for errors.
 */
class ApiServerWireTest {

    private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    /** Three hours ahead, so every object created by the test is shown as 3h old. */
    private static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofHours(3));

    private ApiServer server;

    @BeforeEach
    void start() {
        server = ApiServer.builder("cluster-1").clock(LATER).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aNamespaceSentAsProtobufIsCreatedAndAnsweredInJson() throws Exception {
        // Given what kubectl create namespace sends: "k8s\0", then a runtime.Unknown around a v1.Namespace
        byte[] namespace = V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("finance").setGenerateName("").setNamespace(""))
                .setSpec(V1.NamespaceSpec.getDefaultInstance()).build().toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] { 'k', '8', 's', 0 });
        Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Namespace"))
                .setRaw(com.google.protobuf.ByteString.copyFrom(namespace)).build().writeTo(body);

        // When
        HttpResponse<byte[]> response = Http.send("POST", server.url() + "/api/v1/namespaces",
                "application/vnd.kubernetes.protobuf", body.toByteArray());

        // Then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(Http.contentType(response)).isEqualTo("application/json");
        JsonNode created = Http.json(response);
        assertThat(created.at("/metadata/name").asText()).isEqualTo("finance");
        assertThat(created.at("/metadata/generateName").isMissingNode()).isTrue();
        assertThat(created.at("/status/phase").asText()).isEqualTo("Active");
        try (var client = server.client()) {
            assertThat(client.namespaces().withName("finance").get()).isNotNull();
        }
    }

    @Test
    void aProtobufBodyOfAnUnknownKindIsRefusedWithTheReason() {
        // Given
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] { 'k', '8', 's', 0 });
        body.writeBytes(Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("mcw.l7mp.io/v1alpha1").setKind("WANPolicy"))
                .build().toByteArray());

        // When
        HttpResponse<byte[]> response = Http.send("POST", server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies",
                "application/vnd.kubernetes.protobuf", body.toByteArray());

        // Then
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(Http.json(response).path("message").asText())
                .contains("no protobuf message is known for WANPolicy (mcw.l7mp.io/v1alpha1)");
    }

    @Test
    void aTableOfCustomResourcesHasTheCrdPrinterColumns() {
        // Given
        create("/apis/mcw.l7mp.io/v1alpha1/wanpolicies", """
                {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"high"},
                 "spec":{"tunnel":"business","port":31111,"sla":{"latency-ms":100}}}""");

        // When
        JsonNode table = Http.json(Http.get(server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies", TABLE));

        // Then the Name column, then the CRD's columns in its order, dates as ages
        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        List<String> columns = table.path("columnDefinitions").findValuesAsText("name");
        List<String> declared = CrdCatalog.committed().crds().stream().filter(c -> c.kind().equals("WANPolicy"))
                .findFirst().orElseThrow().version("v1alpha1").orElseThrow().printerColumns().stream()
                .map(PrinterColumn::name).collect(Collectors.toList());
        assertThat(columns.subList(1, columns.size())).isEqualTo(declared);
        assertThat(columns).startsWith("Name").contains("Age", "Port", "Latency-ms", "Tunnel", "Accepted");
        JsonNode cells = table.at("/rows/0/cells");
        assertThat(cells.get(0).asText()).isEqualTo("high");
        assertThat(cells.get(columns.indexOf("Age")).asText()).isEqualTo("3h");
        assertThat(cells.get(columns.indexOf("Port")).isInt()).isTrue();
        assertThat(cells.get(columns.indexOf("Port")).asInt()).isEqualTo(31111);
        assertThat(cells.get(columns.indexOf("Latency-ms")).asInt()).isEqualTo(100);
        assertThat(cells.get(columns.indexOf("Tunnel")).asText()).isEqualTo("business");
        assertThat(cells.get(columns.indexOf("Accepted")).isNull()).isTrue();
        assertThat(table.at("/rows/0/object/kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(table.at("/rows/0/object/metadata/name").asText()).isEqualTo("high");
    }

    @Test
    void aTableOfServicesHasTheColumnsKubectlUsersKnow() {
        // Given
        create("/api/v1/namespaces/default/services", """
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"payment","namespace":"default"},
                 "spec":{"selector":{"app":"payment"},"ports":[{"name":"http","port":8080}]}}""");

        // When
        JsonNode table = Http.json(Http.get(server.url() + "/api/v1/namespaces/default/services/payment", TABLE));

        // Then
        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Type",
                "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector");
        JsonNode cells = table.at("/rows/0/cells");
        assertThat(cells.get(1).asText()).isEqualTo("ClusterIP");
        assertThat(cells.get(2).asText()).startsWith("10.96.");
        assertThat(cells.get(3).asText()).isEqualTo("<none>");
        assertThat(cells.get(4).asText()).isEqualTo("8080/TCP");
        assertThat(cells.get(6).asText()).isEqualTo("app=payment");
    }

    @Test
    void answersAreJsonEvenWhenProtobufIsPreferred() {
        // When
        HttpResponse<byte[]> response = Http.get(server.url() + "/api/v1/namespaces/default",
                "application/vnd.kubernetes.protobuf,application/json");

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.contentType(response)).isEqualTo("application/json");
        assertThat(Http.json(response).at("/metadata/name").asText()).isEqualTo("default");
    }

    @Test
    void aMissingObjectIsANotFoundStatusNamingIt() {
        // When
        HttpResponse<byte[]> response = Http.get(server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies/nope",
                "application/json");

        // Then
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode status = Http.json(response);
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(status.path("message").asText()).isEqualTo("wanpolicies.mcw.l7mp.io \"nope\" not found");
    }

    @Test
    void aDryRunIsRefusedAndChangesNothing() {
        // Given
        String url = server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies";
        create("/apis/mcw.l7mp.io/v1alpha1/wanpolicies", """
                {"apiVersion":"mcw.l7mp.io/v1alpha1","kind":"WANPolicy","metadata":{"name":"high"},
                 "spec":{"tunnel":"business","port":31111}}""");

        // When what kubectl diff sends
        HttpResponse<byte[]> response = Http.send("PATCH", url + "/high?dryRun=All", "application/merge-patch+json",
                "{\"spec\":{\"port\":31113}}".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("message").asText()).contains("dry run (dryRun=All) is not supported");
        assertThat(Http.json(Http.get(url + "/high", "application/json")).at("/spec/port").asInt()).isEqualTo(31111);
    }

    @Test
    void aWatchOverPlainHttpIsRefusedWithTheReason() {
        // When what kubectl get -w sends
        HttpResponse<byte[]> response = Http.get(server.url() + "/apis/mcw.l7mp.io/v1alpha1/wanpolicies?watch=true",
                "application/json");

        // Then
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.json(response).path("message").asText()).contains("watch over plain HTTP is not supported");
    }

    private void create(String path, String json) {
        HttpResponse<byte[]> response = Http.send("POST", server.url() + path, "application/json",
                json.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(201);
    }
}

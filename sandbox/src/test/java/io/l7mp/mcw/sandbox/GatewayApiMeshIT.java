package io.l7mp.mcw.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.crd.EgressPortAnnotation;
import io.l7mp.mcw.api.crd.ServiceImport;
import io.l7mp.mcw.api.event.EgressPort;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;

/**
 * The Gateway API mesh profile's HTTPRoute cases (matching, header modifier, weights, query parameters, method,
 * redirect, backend error) through the real gateways of two clusters: cluster-1 exports {@code echo} and
 * {@code echo-v2}, cluster-2 attaches an HTTPRoute to its ServiceImport {@code echo} and sends requests to it, which
 * cross the WAN emulator to cluster-1's backends. Re-expressed with clusterset names from the upstream cases.
 */
class GatewayApiMeshIT {
    private static final String C1 = "cluster-1";
    private static final String C2 = "cluster-2";
    private static final String NS = "mesh";
    private static final String ROUTE = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: echo, namespace: mesh}
            spec:
              parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: echo}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /old}}]
                filters:
                - type: RequestRedirect
                  requestRedirect: {hostname: example.org, statusCode: 301}
              - matches: [{path: {type: PathPrefix, value: /ledger}}]
                backendRefs: [{name: missing, port: 8080}]
              - matches: [{headers: [{name: x-version, value: v2}]}]
                backendRefs: [{name: echo-v2, port: 8080}]
              - matches: [{queryParams: [{name: ver, value: "2"}]}]
                backendRefs: [{name: echo-v2, port: 8080}]
              - matches: [{method: POST}]
                filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: x-route, value: post}]}
                backendRefs: [{name: echo-v2, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /weighted}}]
                backendRefs: [{name: echo, port: 8080, weight: 1}, {name: echo-v2, port: 8080, weight: 1}]
              - backendRefs: [{name: echo, port: 8080}]
            """;

    private static Sandbox sandbox;
    private static HttpBackend echo;
    private static HttpBackend echoV2;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startSandbox() {
        SandboxMain.configureLogging();
        Path root = RepoRoot.find();
        echo = HttpBackend.start("echo");
        echoV2 = HttpBackend.start("echo-v2");
        sandbox = Sandbox.start(SandboxOptions.defaults()
                .withWorkDir(root.resolve("sandbox").resolve("target").resolve("e2e-gateway-api-mesh"))
                .withServices(List.of("policy-service", "export-service", "import-service", "gateway-service")));
        for (String cluster : sandbox.clusters()) {
            YamlApplier.apply(sandbox.client(cluster), root.resolve("k8s/examples/service-level/wanpolicies.yaml"));
            Fixtures.namespace(sandbox.client(cluster), NS);
        }
        for (HttpBackend backend : List.of(echo, echoV2)) {
            createService(sandbox.client(C1), backend.name(), backend.port());
            Fixtures.createExport(sandbox.client(C1), NS, backend.name(), Fixtures.HIGH);
        }
        await("cluster-2 imports echo and echo-v2").atMost(Duration.ofMinutes(2))
                .until(() -> egressPort("echo") > 0 && egressPort("echo-v2") > 0);
        YamlApplier.apply(sandbox.client(C2), ROUTE);
        // the route is in force once a request with the header reaches echo-v2
        await("cluster-2 applies the route").atMost(Duration.ofMinutes(2)).ignoreExceptions().until(
                () -> send("GET", "/warm-up", "x-version", "v2").body().contains("\"backend\":\"echo-v2\""));
    }

    @AfterAll
    static void stopSandbox() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        for (HttpBackend backend : Arrays.asList(echo, echoV2)) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    @Test
    void matchingByHeaderQueryParameterAndMethodPicksTheBackend() throws Exception {
        assertThat(send("GET", "/plain").body()).contains("\"backend\":\"echo\"");
        assertThat(send("GET", "/plain", "x-version", "v2").body()).contains("\"backend\":\"echo-v2\"");
        assertThat(send("GET", "/plain?ver=2").body()).contains("\"backend\":\"echo-v2\"");
        assertThat(send("GET", "/plain?ver=3").body()).contains("\"backend\":\"echo\"");
    }

    @Test
    void aRequestHeaderModifierReachesTheBackend() throws Exception {
        HttpResponse<String> post = send("POST", "/orders");
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("\"backend\":\"echo-v2\"", "\"x-route\":\"post\"");
    }

    @Test
    void weightedBackendsBothGetTraffic() throws Exception {
        long before = echo.requests();
        long beforeV2 = echoV2.requests();
        for (int i = 0; i < 40; i++) {
            assertThat(send("GET", "/weighted/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(echo.requests() - before).isBetween(5L, 35L);
        assertThat(echoV2.requests() - beforeV2).isBetween(5L, 35L);
        assertThat(echo.requests() - before + echoV2.requests() - beforeV2).isEqualTo(40);
    }

    @Test
    void aRedirectIsAnsweredByTheEgressGatewayAndNothingCrossesTheWan() throws Exception {
        long before = echo.requests() + echoV2.requests();
        HttpResponse<String> redirect = send("GET", "/old/page?x=1");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("location")).hasValueSatisfying(
                l -> assertThat(l).startsWith("http://example.org").contains("/old/page"));
        assertThat(echo.requests() + echoV2.requests()).isEqualTo(before);
    }

    @Test
    void aRuleWhoseBackendIsNotImportedAnswers500AndTheOtherRulesKeepWorking() throws Exception {
        assertThat(send("GET", "/ledger/1").statusCode()).isEqualTo(500);
        assertThat(send("GET", "/plain").statusCode()).isEqualTo(200);
    }

    @Test
    void theRoutesStatusSaysItIsAcceptedAndAReferenceIsNotResolved() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var route = sandbox.client(C2).genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute")
                    .inNamespace(NS).withName("echo").get();
            Map<?, ?> status = (Map<?, ?>) route.getAdditionalProperties().get("status");
            List<?> parents = (List<?>) status.get("parents");
            Map<?, ?> parent = (Map<?, ?>) parents.get(0);
            assertThat(parent.get("controllerName")).isEqualTo("mcw.l7mp.io/gateway");
            assertThat(parent.get("conditions").toString()).contains("type=Accepted", "status=True",
                    "type=ResolvedRefs", "BackendNotFound");
        });
    }

    private static HttpResponse<String> send(String method, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + sandbox.address(C2) + ":"
                + egressPort("echo") + path)).timeout(Duration.ofSeconds(20))
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int egressPort(String name) {
        return Fixtures.serviceImport(sandbox.client(C2), NS, name)
                .map(i -> i.getMetadata().getAnnotations())
                .map(a -> a.get(ServiceImport.ANNOTATION_EGRESS_PORTS))
                .filter(a -> !a.isBlank())
                .map(a -> EgressPortAnnotation.parse(a).stream().mapToInt(EgressPort::egressPort).findFirst()
                        .orElse(0))
                .orElse(0);
    }

    private static void createService(KubernetesClient client, String name, int backendPort) {
        client.resource(new ServiceBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("http").withProtocol("TCP").withPort(8080)
                .withTargetPort(new IntOrString(backendPort)).endPort().endSpec().build()).create();
        client.resource(new EndpointSliceBuilder().withNewMetadata().withNamespace(NS).withName(name + "-1")
                .withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withProtocol("TCP").withPort(backendPort).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
    }
}

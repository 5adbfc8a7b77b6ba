package io.l7mp.mcw.gateway.adapter;

import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.namespaces;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.service;
import static io.l7mp.mcw.gateway.adapter.ClusterFixtures.serviceImport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.EventTypes;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.PolicyEvent;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.api.event.Topics;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.l7mp.mcw.testkit.YamlApplier;
import io.l7mp.mcw.testkit.backend.HttpBackend;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * HTTPRoutes as the Gateway API mesh profile has them, through the real data plane: cluster-1 imports its own
 * exports, so requests go egress listener, ingress listener, backend. Namespace {@code mesh} holds:
 * <ul>
 * <li>{@code ports} (ports http/8080 and admin/9090), with route {@code ports-http} on port 8080 only, which sets a
 * header (MeshPorts);</li>
 * <li>{@code shop}, with route {@code shop-base} (the oldest: {@code /api} to shop, {@code /old} redirected,
 * {@code /ledger} to a service nobody exports, the rest to shop), route {@code shop-canary} ({@code /api/v2} to
 * shop-v2, merged with shop-base by precedence) and route {@code shop-typo} (on a port shop does not have);</li>
 * <li>{@code chat}, a WebSocket echo server, with route {@code chat}, which sets a header.</li>
 * </ul>
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(ApiServerResource.class)
class HttpRouteMeshTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLUSTER = "cluster-1";
    private static final String SHOP = "shop.mesh.svc.clusterset.local:8080";
    private static final int TUNNEL_PORT = RawHttp.freePort();
    private static final int PORTS_HTTP_EGRESS = RawHttp.freePort();
    private static final int PORTS_ADMIN_EGRESS = RawHttp.freePort();
    private static final int SHOP_EGRESS = RawHttp.freePort();
    private static final int CHAT_EGRESS = RawHttp.freePort();
    private static final PolicyEvent POLICY = new PolicyEvent(CLUSTER, "mesh-policy", "business", TUNNEL_PORT,
            Sla.BEST_EFFORT, null, List.of(), null, 1);
    private static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("gateway.networking.k8s.io").withVersion("v1").withPlural("httproutes").withKind("HTTPRoute")
            .withNamespaced(true).build();

    private static final String ROUTES = """
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: ports-http, namespace: mesh}
            spec:
              parentRefs: [{group: "", kind: Service, name: ports, port: 8080}]
              rules:
              - filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: x-route, value: ports-http}]}
                backendRefs: [{name: ports, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: shop-base, namespace: mesh}
            spec:
              parentRefs: [{group: "", kind: Service, name: shop}]
              rules:
              - matches: [{path: {type: PathPrefix, value: /api}}]
                backendRefs: [{name: shop, port: 8080}]
              - matches: [{path: {type: PathPrefix, value: /old}}]
                filters:
                - type: RequestRedirect
                  requestRedirect:
                    path: {type: ReplacePrefixMatch, replacePrefixMatch: /api}
                    statusCode: 301
              - matches: [{path: {type: PathPrefix, value: /ledger}}]
                backendRefs: [{name: ledger, port: 8080}]
              - backendRefs: [{name: shop, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: shop-typo, namespace: mesh}
            spec:
              parentRefs: [{group: "", kind: Service, name: shop, port: 8081}]
              rules:
              - backendRefs: [{name: shop-v2, port: 8080}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: chat, namespace: mesh}
            spec:
              parentRefs: [{group: "", kind: Service, name: chat}]
              rules:
              - filters:
                - type: RequestHeaderModifier
                  requestHeaderModifier: {set: [{name: x-route, value: chat}]}
                backendRefs: [{name: chat, port: 8080}]
            """ + canary(false);

    /** Route shop-canary; {@code marked}: it also sets a header (a new generation that routes alike). */
    private static String canary(boolean marked) {
        return """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop-canary, namespace: mesh}
                spec:
                  parentRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: shop}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /api/v2}}]
                    backendRefs: [{name: shop-v2, port: 8080}]
                """ + (marked ? """
                    filters:
                    - type: RequestHeaderModifier
                      requestHeaderModifier: {set: [{name: x-canary, value: "1"}]}
                """ : "");
    }

    private static HttpBackend v1;
    private static HttpBackend v2;
    /** The WebSocket backend: says which route and cluster the handshake came through, then echoes. */
    private static Vertx chatVertx;
    private static HttpServer chat;
    private static TopicEvents events;

    @InjectApiServer
    ApiServer server;

    @BeforeEach
    void setUpOnce() {
        if (events != null) {
            return;
        }
        // Given: backends v1 (ports, shop) and v2 (shop-v2), their Services and imports, the routes, policy, exports
        v1 = HttpBackend.start("v1");
        v2 = HttpBackend.start("v2");
        chatVertx = Vertx.vertx();
        chat = chatVertx.createHttpServer().webSocketHandler(ws -> {
            ws.writeTextMessage("hello route=" + ws.headers().get("x-route") + " source="
                    + ws.headers().get("x-mcw-source-cluster"));
            ws.textMessageHandler(message -> ws.writeTextMessage("echo:" + message));
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        try (KubernetesClient client = server.client()) {
            YamlApplier.apply(client, namespaces("mesh"));
            YamlApplier.apply(client, twoPortService("mesh", "ports", v1.port())
                    + service("mesh", "shop", "http", 8080, v1.port())
                    + service("mesh", "shop-v2", "http", 8080, v2.port())
                    + service("mesh", "chat", "http", 8080, chat.actualPort())
                    + serviceImport("mesh", "chat", "http/TCP/8080=" + CHAT_EGRESS)
                    + serviceImport("mesh", "ports", "http/TCP/8080=" + PORTS_HTTP_EGRESS + ",admin/TCP/9090="
                            + PORTS_ADMIN_EGRESS)
                    + serviceImport("mesh", "shop", "http/TCP/8080=" + SHOP_EGRESS)
                    + serviceImport("mesh", "shop-v2", "http/TCP/8080=" + RawHttp.freePort()));
            YamlApplier.apply(client, ROUTES);
        }
        events = new TopicEvents(KafkaResource.bootstrapServers());
        events.put(Topics.POLICIES, POLICY.key(), EventTypes.POLICY, CLUSTER, EventJson.write(POLICY));
        putExport("ports", new ExportPort("http", "TCP", null, 8080), new ExportPort("admin", "TCP", null, 9090));
        putExport("shop", new ExportPort("http", "TCP", null, 8080));
        putExport("shop-v2", new ExportPort("http", "TCP", null, 8080));
        putExport("chat", new ExportPort("http", "TCP", null, 8080));
        // the egress listeners open once the table has the imports: until then a request may be refused
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(SHOP_EGRESS, SHOP,
                "/api/v2/ready")
                .json().getString("backend")).isEqualTo("v2"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(PORTS_ADMIN_EGRESS, "x",
                "/ready").status())
                .isEqualTo(200));
    }

    @AfterAll
    static void tearDown() {
        events.close();
        events = null;
        v1.close();
        v2.close();
        chatVertx.close();
    }

    @Test
    void aWebSocketCrossesBothGatewaysWithTheRoutesHeaderAndEchoes() throws Exception {
        // Given: a WebSocket client on chat's egress port (routed by port: its Host is the loopback address)
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(RawHttp.get(CHAT_EGRESS, "x", "/").status())
                .isNotEqualTo(404));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + CHAT_EGRESS + "/room"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(15, TimeUnit.SECONDS);
        try {
            // When
            String hello = received.poll(15, TimeUnit.SECONDS);
            socket.sendText("ping across", true).get(5, TimeUnit.SECONDS);
            String echoed = received.poll(15, TimeUnit.SECONDS);

            // Then: the handshake went through the egress (route header, source cluster) and the frames both ways
            assertThat(hello).isEqualTo("hello route=chat source=cluster-1");
            assertThat(echoed).isEqualTo("echo:ping across");
        } finally {
            socket.abort();
        }
    }

    @Test
    void aRouteOnOnePortOfItsServiceChangesRequestsToThatPortOnly() {
        // When: the same request to port 8080 (the route's) and to port 9090 of the same service
        RawHttp.Response http = RawHttp.get(PORTS_HTTP_EGRESS, "ports.mesh.svc.clusterset.local:8080", "/a");
        RawHttp.Response admin = RawHttp.get(PORTS_ADMIN_EGRESS, "ports.mesh.svc.clusterset.local:9090", "/a");

        // Then: both reach the backend, only the first was changed by the route
        assertThat(http.status()).isEqualTo(200);
        assertThat(http.json().getJsonObject("headers").getString("x-route")).isEqualTo("ports-http");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.json().getString("backend")).isEqualTo("v1");
        assertThat(admin.json().getJsonObject("headers").containsKey("x-route")).isFalse();
    }

    @Test
    void twoRoutesOnOneServiceAreMergedByPrecedence() {
        // When
        RawHttp.Response v2Api = RawHttp.get(SHOP_EGRESS, SHOP, "/api/v2/items");
        RawHttp.Response api = RawHttp.get(SHOP_EGRESS, SHOP, "/api/items");

        // Then: the newer route's longer prefix wins over the older route's /api, which keeps the rest of /api
        assertThat(v2Api.json().getString("backend")).isEqualTo("v2");
        assertThat(api.json().getString("backend")).isEqualTo("v1");
        assertThat(api.json().getString("path")).isEqualTo("/api/items");
    }

    @Test
    void aRedirectIsAnsweredByTheEgressGatewayOnBothHttpPaths() {
        // Given
        long backendRequests = v1.requests() + v2.requests();

        // When: through the HTTP/1.1 relay, and through the full HTTP server (HTTP/1.0 is handed over to it)
        RawHttp.Response relayed = RawHttp.get(SHOP_EGRESS, SHOP, "/old/orders?page=2");
        RawHttp.Response full = RawHttp.raw(SHOP_EGRESS, "GET /old/orders?page=2 HTTP/1.0\r\nHost: " + SHOP
                + "\r\n\r\n");

        // Then: 301 to the same service port with the matched prefix replaced, and no backend saw either
        for (RawHttp.Response response : List.of(relayed, full)) {
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("location")).isEqualTo("http://shop.mesh.svc.clusterset.local:8080/api/orders"
                    + "?page=2");
        }
        assertThat(v1.requests() + v2.requests()).isEqualTo(backendRequests);
    }

    @Test
    void aRuleWhoseBackendIsMissingAnswers500WhileTheRoutesOtherRulesWork() {
        // When
        RawHttp.Response broken = RawHttp.get(SHOP_EGRESS, SHOP, "/ledger/1");
        RawHttp.Response other = RawHttp.get(SHOP_EGRESS, SHOP, "/catalog");

        // Then
        assertThat(broken.status()).isEqualTo(500);
        assertThat(broken.body()).contains("HTTPRoute mesh/shop-base spec.rules[2]",
                "ledger.mesh.svc.clusterset.local, which is not imported in cluster cluster-1");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().getString("backend")).isEqualTo("v1");
    }

    @Test
    void statusParentsSayWhatEachParentMadeOfTheRouteAndFollowItsGeneration() {
        try (KubernetesClient client = server.client()) {
            // Then: shop-base is accepted, and says which backend it cannot resolve
            await().atMost(WAIT).untilAsserted(() -> {
                GenericKubernetesResource route = route(client, "shop-base");
                Map<String, Object> parent = onlyParent(route);
                assertThat(parent).containsEntry("controllerName", "mcw.l7mp.io/gateway")
                        .containsEntry("parentRef", Map.of("group", "", "kind", "Service", "name", "shop"));
                assertThat(condition(parent, "Accepted")).containsEntry("status", "True")
                        .containsEntry("reason", "Accepted")
                        .containsEntry("observedGeneration", route.getMetadata().getGeneration().intValue());
                assertThat(condition(parent, "ResolvedRefs")).containsEntry("status", "False")
                        .containsEntry("reason", "BackendNotFound");
                assertThat((String) condition(parent, "ResolvedRefs").get("message"))
                        .contains("ledger.mesh.svc.clusterset.local, which is not imported");
            });
            // shop-typo is not accepted by its parent, with the spec's reason, the message, and a Kubernetes Event
            await().atMost(WAIT).untilAsserted(() -> {
                Map<String, Object> parent = onlyParent(route(client, "shop-typo"));
                assertThat(condition(parent, "Accepted")).containsEntry("status", "False")
                        .containsEntry("reason", "NoMatchingParent");
                assertThat((String) condition(parent, "Accepted").get("message")).contains("port 8081, which "
                        + "shop.mesh.svc.clusterset.local does not have (ports: http/8080)");
                assertThat(condition(parent, "ResolvedRefs")).containsEntry("status", "True");
            });
            await().atMost(WAIT).untilAsserted(() -> assertThat(client.v1().events().inNamespace("mesh").list()
                    .getItems()).anySatisfy(e -> {
                        assertThat(e.getReason()).isEqualTo("Refused");
                        assertThat(e.getInvolvedObject().getName()).isEqualTo("shop-typo");
                    }));

            // When: shop-canary's spec changes (it sets a header too)
            GenericKubernetesResource canary = route(client, "shop-canary");
            long generation = canary.getMetadata().getGeneration();
            YamlApplier.apply(client, canary(true));

            // Then: its status follows the new generation, and then stays as it is (written only when it changes)
            await().atMost(WAIT).untilAsserted(() -> {
                GenericKubernetesResource route = route(client, "shop-canary");
                assertThat(route.getMetadata().getGeneration()).isGreaterThan(generation);
                assertThat(condition(onlyParent(route), "Accepted")).containsEntry("observedGeneration",
                        route.getMetadata().getGeneration().intValue());
            });
            String version = route(client, "shop-canary").getMetadata().getResourceVersion();
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(
                    () -> version.equals(route(client, "shop-canary").getMetadata().getResourceVersion()));
        }
    }

    private static GenericKubernetesResource route(KubernetesClient client, String name) {
        return client.genericKubernetesResources(HTTP_ROUTE).inNamespace("mesh").withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> onlyParent(GenericKubernetesResource route) {
        Map<String, Object> status = (Map<String, Object>) route.getAdditionalProperties().get("status");
        assertThat(status).as("status of %s", route.getMetadata().getName()).isNotNull();
        List<Map<String, Object>> parents = (List<Map<String, Object>>) status.get("parents");
        assertThat(parents).hasSize(1);
        return parents.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(Map<String, Object> parent, String type) {
        return ((List<Map<String, Object>>) parent.get("conditions")).stream().filter(c -> type.equals(c.get("type")))
                .findFirst().orElseThrow(() -> new AssertionError("no condition " + type + " in " + parent));
    }

    /** A Service with ports http/8080 and admin/9090, both served by the backend on {@code backendPort}. */
    private static String twoPortService(String namespace, String name, int backendPort) {
        return """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %2$s, namespace: %1$s}
                spec:
                  ports: [{name: http, protocol: TCP, port: 8080}, {name: admin, protocol: TCP, port: 9090}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %2$s-1
                  namespace: %1$s
                  labels: {kubernetes.io/service-name: %2$s}
                addressType: IPv4
                ports: [{name: http, protocol: TCP, port: %3$d}, {name: admin, protocol: TCP, port: %3$d}]
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                """.formatted(namespace, name, backendPort);
    }

    private static void putExport(String name, ExportPort... ports) {
        ExportEvent export = new ExportEvent(CLUSTER, "mesh", name, "ClusterSetIP", "None", List.of(ports),
                ExportedPolicy.of(POLICY), "127.0.0.1", 1, Instant.parse("2026-01-01T00:00:00Z"));
        events.put(Topics.EXPORTS, export.key(), EventTypes.EXPORT, CLUSTER, EventJson.write(export));
    }
}

package io.l7mp.mcw.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * What stands between kubectl (or any client) and fabric8's CRUD store: discovery and OpenAPI documents, protobuf
 * request bodies read as JSON, answers always in JSON with a content type, the server-side table format, several
 * served versions of a CRD's objects kept in its storage version, and Kubernetes {@code Status} bodies for errors.
 * It also times every request it serves ({@link RequestStats}, served at {@link RequestStats#PATH}).
 */
final class ApiServerFront extends Dispatcher {

    private static final String CONTENT_TYPE = "Content-Type";
    private static final String JSON_TYPE = "application/json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ApiResources resources;
    private final DiscoveryDocuments discovery;
    private final TableConverter tables;
    private final IndexedCrudDispatcher store;
    private final RequestTimers timers = new RequestTimers();
    private volatile OpenApiDocuments openApi;

    ApiServerFront(ApiResources resources, TableConverter tables, IndexedCrudDispatcher store) {
        this.resources = resources;
        this.discovery = new DiscoveryDocuments(resources);
        this.tables = tables;
        this.store = store;
    }

    /** What the requests served so far cost the stand-in. */
    RequestStats stats() {
        return timers.snapshot(store.objectCount());
    }

    void resetStats() {
        timers.reset();
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (DiscoveryDocuments.stripQuery(request.getPath()).equals(RequestStats.PATH)) {
            return statsRequest(request);
        }
        long start = System.nanoTime();
        MockResponse response = serve(request);
        long nanos = System.nanoTime() - start;
        Optional<ResourcePath> target = ResourcePath.parse(request.getPath());
        timers.record(verb(request, target), kind(target), nanos);
        return response;
    }

    private MockResponse statsRequest(RecordedRequest request) {
        if (request.method() == HttpMethod.GET) {
            return new MockResponse().setResponseCode(200).setHeader(CONTENT_TYPE, JSON_TYPE).setBody(stats().toJson());
        }
        if (request.method() == HttpMethod.DELETE) {
            RequestStats stats = stats();
            resetStats();
            return new MockResponse().setResponseCode(200).setHeader(CONTENT_TYPE, JSON_TYPE).setBody(stats.toJson());
        }
        return status(405, "MethodNotAllowed", RequestStats.PATH + " answers GET (read) and DELETE (read and reset), not "
                + request.getMethod());
    }

    /** The Kubernetes verb of a request, as in audit logs and RBAC rules. */
    private static String verb(RecordedRequest request, Optional<ResourcePath> target) {
        boolean named = target.isPresent() && !target.get().name().isEmpty();
        switch (request.method()) {
            case GET:
                if (query(request.getPath(), "watch").map(w -> w.equals("true") || w.equals("1")).orElse(false)) {
                    return "watch";
                }
                return named || target.isEmpty() ? "get" : "list";
            case POST:
                return "create";
            case PUT:
                return "update";
            case PATCH:
                return "patch";
            case DELETE:
                return named ? "delete" : "deletecollection";
            default:
                return request.getMethod().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code plural[.group][/subresource]}, or {@code nonresource} for documents. */
    private static String kind(Optional<ResourcePath> target) {
        if (target.isEmpty()) {
            return "nonresource";
        }
        ResourcePath path = target.get();
        String kind = path.group().isEmpty() ? path.plural() : path.plural() + "." + path.group();
        return path.subresource().isEmpty() ? kind : kind + "/" + path.subresource();
    }

    private MockResponse serve(RecordedRequest request) {
        String path = request.getPath();
        if (request.method() == HttpMethod.GET) {
            Optional<MockResponse> document = document(path, header(request, "Accept"));
            if (document.isPresent()) {
                return document.get();
            }
        }
        Optional<MockResponse> unsupported = unsupported(request);
        if (unsupported.isPresent()) {
            return unsupported.get();
        }
        Optional<ResourcePath> target = ResourcePath.parse(path);
        Optional<ApiResource> resource = target.flatMap(t -> resources.find(t.group(), t.version(), t.plural()));
        RecordedRequest forwarded = request;
        if (isProtobuf(header(request, CONTENT_TYPE))) {
            ProtobufBodies.Decoded decoded = ProtobufBodies.toJson(request.getBody().readByteArray());
            if (decoded instanceof ProtobufBodies.Unreadable unreadable) {
                return status(415, "UnsupportedMediaType", "the body of " + request.getMethod() + " " + path
                        + " cannot be read: " + unreadable.reason());
            }
            forwarded = withBody(forwarded, path, ((ProtobufBodies.Json) decoded).object());
        }
        if (resource.isPresent() && resource.get().convertsFromStorage()) {
            forwarded = toStorageVersion(forwarded, target.get(), resource.get());
        }
        MockResponse response = store.dispatch(forwarded);
        if (response.getWebSocketListener() != null) {
            return response;
        }
        return answer(request, target, resource, response);
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    private Optional<MockResponse> document(String path, String accept) {
        String plain = DiscoveryDocuments.stripQuery(path);
        if (plain.equals("/openapi/v2")) {
            return Optional.of(accept.contains("protobuf")
                    ? new MockResponse().setResponseCode(200).setHeader(CONTENT_TYPE, OpenApiDocuments.V2_PROTOBUF)
                            .setBody(openApi().v2Protobuf())
                    : json(200, openApi().v2()));
        }
        if (plain.equals("/openapi/v3") || plain.equals("/openapi/v3/")) {
            return Optional.of(json(200, openApi().v3Index()));
        }
        if (plain.startsWith("/openapi/v3/")) {
            return Optional.of(openApi().v3(plain.substring("/openapi/v3/".length())).map(d -> json(200, d))
                    .orElseGet(() -> status(404, "NotFound", "no OpenAPI v3 document at " + plain)));
        }
        return discovery.at(path).map(d -> json(200, Serialization.jsonMapper().valueToTree(d)));
    }

    /**
     * Requests the CRUD store would get wrong without a word: a dry run would be stored for real ({@code kubectl
     * diff}, {@code --dry-run=server}), and a watch is served over WebSocket only ({@code kubectl get -w} streams
     * over plain HTTP).
     */
    private static Optional<MockResponse> unsupported(RecordedRequest request) {
        String path = request.getPath();
        if (request.method() != HttpMethod.GET && query(path, "dryRun").isPresent()) {
            return Optional.of(status(400, "BadRequest", "dry run (dryRun=" + query(path, "dryRun").get()
                    + ") is not supported by the MCW API server stand-in; nothing was changed"));
        }
        boolean watch = query(path, "watch").map(w -> w.equals("true") || w.equals("1")).orElse(false);
        if (request.method() == HttpMethod.GET && watch
                && !header(request, "Upgrade").toLowerCase(Locale.ROOT).contains("websocket")) {
            return Optional.of(status(400, "BadRequest", "watch over plain HTTP is not supported by the MCW API"
                    + " server stand-in (it serves watches over WebSocket, as the fabric8 client asks)"));
        }
        return Optional.empty();
    }

    /** The OpenAPI documents are built on first use: most tests never ask for them. */
    private OpenApiDocuments openApi() {
        OpenApiDocuments documents = openApi;
        if (documents == null) {
            documents = new OpenApiDocuments(resources);
            openApi = documents;
        }
        return documents;
    }

    /** A request for a served version other than the storage one, as a request for the storage version. */
    private static RecordedRequest toStorageVersion(RecordedRequest request, ResourcePath target, ApiResource resource) {
        String path = ResourcePath.withVersion(request.getPath(), target, resource.storageVersion());
        byte[] body = request.getBody().readByteArray();
        JsonNode object = parse(new String(body, StandardCharsets.UTF_8));
        if (object instanceof ObjectNode node && node.has("apiVersion")
                && node.get("apiVersion").asText().equals(resource.kind().apiVersion())) {
            node.put("apiVersion", resource.storageApiVersion());
            return withBody(request, path, node);
        }
        return new RecordedRequest(request.getHttpVersion(), request.method(), path, request.getHeaders(),
                new Buffer(body));
    }

    private MockResponse answer(RecordedRequest request, Optional<ResourcePath> target,
            Optional<ApiResource> resource, MockResponse response) {
        byte[] body = response.getBody() == null ? new byte[0] : response.getBody().readByteArray();
        if (response.code() == 404 && body.length == 0 && target.isPresent() && !target.get().name().isEmpty()) {
            String what = resource.map(ApiResource::qualifiedName).orElse(target.get().plural());
            return status(404, "NotFound", what + " \"" + target.get().name() + "\" not found");
        }
        JsonNode object = body.length == 0 ? null : parse(new String(body, StandardCharsets.UTF_8));
        if (object == null) {
            return response.setBody(body);
        }
        if (resource.isPresent() && resource.get().convertsFromStorage()) {
            toServedVersion(object, resource.get());
        }
        String accept = header(request, "Accept");
        if (request.method() == HttpMethod.GET && response.code() == 200 && resource.isPresent()
                && accept.contains("as=Table") && !object.path("kind").asText().equals("Status")) {
            String tableVersion = accept.contains("v=v1;") || accept.contains("v=v1,") || accept.endsWith("v=v1")
                    ? "v1"
                    : "v1beta1";
            String includeObject = query(request.getPath(), "includeObject").orElse("Metadata");
            object = tables.table(resource.get(), object, includeObject, tableVersion);
        }
        return response.setHeader(CONTENT_TYPE, JSON_TYPE).setBody(Serialization.asJson(object));
    }

    /** Objects read from storage carry the storage version: give them the version that was asked for. */
    private static void toServedVersion(JsonNode body, ApiResource resource) {
        String served = resource.kind().apiVersion();
        if (body instanceof ObjectNode node && node.path("apiVersion").asText().equals(resource.storageApiVersion())) {
            node.put("apiVersion", served);
        }
        body.path("items").forEach(item -> toServedVersion(item, resource));
    }

    private static Optional<String> query(String path, String name) {
        int start = path.indexOf('?');
        if (start < 0) {
            return Optional.empty();
        }
        for (String pair : path.substring(start + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static boolean isProtobuf(String contentType) {
        return contentType.toLowerCase(Locale.ROOT).startsWith(ProtobufBodies.MEDIA_TYPE);
    }

    private static String header(RecordedRequest request, String name) {
        String value = request.getHeader(name);
        return value == null ? "" : value;
    }

    private static JsonNode parse(String text) {
        try {
            return Serialization.jsonMapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static RecordedRequest withBody(RecordedRequest request, String path, JsonNode body) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), path,
                request.getHeaders().newBuilder().set(CONTENT_TYPE, JSON_TYPE).build(),
                new Buffer(Serialization.asJson(body).getBytes(StandardCharsets.UTF_8)));
    }

    private static MockResponse json(int code, JsonNode body) {
        return new MockResponse().setResponseCode(code).setHeader(CONTENT_TYPE, JSON_TYPE)
                .setBody(Serialization.asJson(body));
    }

    /** A Kubernetes {@code Status} error body, as kubectl prints it ({@code Error from server (NotFound): ...}). */
    static MockResponse status(int code, String reason, String message) {
        ObjectNode status = JSON.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
        return json(code, status);
    }
}

package io.l7mp.mcw.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * The indexed CRUD store ({@link IndexedCrudDispatcher}) plus what MCW needs from a real API server: Service cluster IPs and
 * spec defaults,
 * Namespace status, status subresources for the custom resources, admission of custom resources against their CRD
 * schema ({@link CrdAdmission}, when enabled), and server-side apply / strategic merge patches approximated as JSON
 * merge patches. Discovery, OpenAPI, tables and versions are {@link ApiServerFront}'s.
 */
final class ApiServerDispatcher extends IndexedCrudDispatcher {

    private static final Pattern NAMESPACES = Pattern.compile("^/api/v1/namespaces/?$");
    private static final Pattern NAMESPACE = Pattern.compile("^/api/v1/namespaces/[^/]+/?$");
    private static final String CONTENT_TYPE = "Content-Type";
    private static final String JSON = "application/json";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    private static final String APPLY_PATCH = "application/apply-patch+yaml";
    private static final String STATUS_SUFFIX = "/status";
    private static final int MERGE_ATTEMPTS = 5;
    private static final ObjectMapper YAML = new YAMLMapper();

    private final ServiceDefaults services = new ServiceDefaults(new ClusterIpAllocator());
    private final ApiResources resources;
    /** Empty when the server admits every object, as the CRUD mock does. */
    private final Optional<CrdAdmission> admission;

    ApiServerDispatcher(ApiResources resources, Optional<CrdAdmission> admission) {
        super(resources.all().stream()
                .map(ApiResource::kind)
                .filter(k -> !k.isCore() && k.statusSubresource())
                .map(KubeKind::customResourceContext)
                .collect(Collectors.toList()));
        this.resources = resources;
        this.admission = admission;
    }

    /** Creates namespaces before the server takes requests, as a real cluster starts with some. */
    void createNamespaces(String... names) {
        for (String name : names) {
            String body = Serialization.asJson(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                    .build());
            MockResponse response = handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, "/api/v1/namespaces",
                    Headers.builder().add(CONTENT_TYPE, JSON).build(), utf8(body)));
            if (response.code() != 201) {
                throw new IllegalStateException("Cannot create namespace " + name + ": " + response.getBody().readUtf8());
            }
        }
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        String path = DiscoveryDocuments.stripQuery(request.getPath());
        boolean service = ServiceDefaults.PATH.matcher(path).matches();
        // reading the body consumes it: every path below passes on a copy
        String text = request.getBody().readUtf8();
        Optional<MockResponse> refusal = refusal(path, text);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!service && !NAMESPACES.matcher(path).matches()) {
            return super.handleCreate(withBody(request, text, mediaType(request)));
        }
        try {
            ObjectNode body = objectBody(text);
            if (body == null || exists(path, body)) {
                // let the CRUD dispatcher reject it (invalid body, 409 Conflict) before anything is allocated
                return super.handleCreate(withBody(request, text, mediaType(request)));
            }
            if (!service) {
                defaultNamespace(body);
                return super.handleCreate(withBody(request, body, JSON));
            }
            services.onCreate(body);
            MockResponse response = super.handleCreate(withBody(request, body, JSON));
            if (response.code() >= 300) {
                services.onDelete(body);
            }
            return response;
        } catch (KubernetesCrudDispatcherException e) {
            return failure(e);
        }
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest request) {
        String path = DiscoveryDocuments.stripQuery(request.getPath());
        boolean service = ServiceDefaults.PATH.matcher(path).matches();
        if (path.endsWith(STATUS_SUFFIX)) {
            return super.handleUpdate(request);
        }
        String text = request.getBody().readUtf8();
        Optional<MockResponse> refusal = refusal(path, text);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        if (!service && !NAMESPACE.matcher(path).matches()) {
            return super.handleUpdate(withBody(request, text, mediaType(request)));
        }
        try {
            ObjectNode body = objectBody(text);
            MockResponse current = super.handleGet(path);
            if (body == null || current.code() != 200) {
                return super.handleUpdate(withBody(request, text, mediaType(request)));
            }
            JsonNode stored = parse(current.getBody().readUtf8());
            // Services and Namespaces have a status subresource: an update of the object leaves status alone
            if (stored.has("status")) {
                body.set("status", stored.get("status"));
            } else {
                body.remove("status");
            }
            if (service && ServiceDefaults.isService(body)) {
                services.onUpdate(stored, body);
            } else if (!service) {
                defaultNamespace(body);
            }
            return super.handleUpdate(withBody(request, body, JSON));
        } catch (KubernetesCrudDispatcherException e) {
            return failure(e);
        }
    }

    /**
     * The CRUD dispatcher writes {@code "namespace": null} into cluster-scoped objects on every update, which makes
     * each update look like a change (new resourceVersion, MODIFIED event) even when nothing changed.
     */
    @Override
    public void preserveMetadata(JsonNode currentResource, JsonNode updatedResource) {
        super.preserveMetadata(currentResource, updatedResource);
        JsonNode metadata = updatedResource.get("metadata");
        if (metadata.path("namespace").isNull() && !currentResource.path("metadata").has("namespace")) {
            ((ObjectNode) metadata).remove("namespace");
        }
    }

    @Override
    public MockResponse handlePatch(RecordedRequest request) {
        String mediaType = mediaType(request);
        if (APPLY_PATCH.equals(mediaType) || MERGE_PATCH.equals(mediaType) || STRATEGIC_MERGE_PATCH.equals(mediaType)) {
            return mergePatch(request, APPLY_PATCH.equals(mediaType));
        }
        MockResponse response = super.handlePatch(request);
        String path = DiscoveryDocuments.stripQuery(request.getPath());
        if (response.code() < 300 && ServiceDefaults.PATH.matcher(path).matches()) {
            // processEvent may have restored a cluster IP the patch removed: answer with what is stored
            MockResponse stored = super.handleGet(path);
            if (stored.code() == 200) {
                response.setBody(stored.getBody().readUtf8());
            }
        }
        return response;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        if (existing == null || !ServiceDefaults.PATH.matcher(path).matches()) {
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
            return;
        }
        try {
            JsonNode stored = parse(existing);
            if (ServiceDefaults.isService(stored) && newState == null) {
                services.onDelete(stored);
            } else if (ServiceDefaults.isService(stored)) {
                ObjectNode updated = (ObjectNode) parse(newState);
                if (services.keepClusterIp(stored, updated)) {
                    super.processEvent(path, pathAttributes, oldAttributes, null, Serialization.asJson(updated));
                    return;
                }
            }
        } catch (KubernetesCrudDispatcherException | ClassCastException e) {
            // not a JSON object: store it as the CRUD dispatcher would
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    }

    /**
     * A merge patch (RFC 7386) applied here and stored as an update that expects the resource version it was computed
     * from, retried on conflict. Strategic merge patches are treated alike (lists are replaced, not merged by key);
     * server-side apply too, without field ownership, creating the object if it is absent.
     */
    private MockResponse mergePatch(RecordedRequest request, boolean createIfAbsent) {
        String path = DiscoveryDocuments.stripQuery(request.getPath());
        JsonNode patch;
        try {
            patch = YAML.readTree(request.getBody().readUtf8());
        } catch (JsonProcessingException e) {
            return failure(new KubernetesCrudDispatcherException("Invalid patch: " + e.getOriginalMessage(), 400));
        }
        boolean status = path.endsWith(STATUS_SUFFIX);
        String objectPath = status ? path.substring(0, path.length() - STATUS_SUFFIX.length()) : path;
        boolean pinnedVersion = !patch.path("metadata").path("resourceVersion").asText("").isEmpty();
        MockResponse response = null;
        for (int attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
            MockResponse current = super.handleGet(objectPath);
            if (current.code() == 404 && createIfAbsent && !status) {
                String collection = path.substring(0, path.lastIndexOf('/'));
                return handleCreate(new RecordedRequest(request.getHttpVersion(), HttpMethod.POST, collection,
                        request.getHeaders().newBuilder().set(CONTENT_TYPE, JSON).build(),
                        utf8(Serialization.asJson(patch))));
            }
            if (current.code() != 200) {
                return current;
            }
            JsonNode stored;
            try {
                stored = parse(current.getBody().readUtf8());
            } catch (KubernetesCrudDispatcherException e) {
                return failure(e);
            }
            JsonNode merged = MergePatch.apply(stored, patch);
            if (!pinnedVersion && merged.path("metadata").isObject()) {
                ((ObjectNode) merged.get("metadata")).put("resourceVersion",
                        stored.path("metadata").path("resourceVersion").asText());
            }
            response = handleUpdate(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path,
                    request.getHeaders().newBuilder().set(CONTENT_TYPE, JSON).build(),
                    utf8(Serialization.asJson(merged))));
            if (response.code() != 409 || pinnedVersion) {
                return response;
            }
        }
        return response;
    }

    /** A 422 Invalid answer when admission is on and the body breaks its CRD's schema. */
    private Optional<MockResponse> refusal(String path, String text) {
        if (admission.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiResource> resource = ResourcePath.parse(path)
                .filter(p -> p.subresource().isEmpty())
                .flatMap(p -> resources.find(p.group(), p.version(), p.plural()));
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = parse(text);
        } catch (KubernetesCrudDispatcherException e) {
            // not JSON: the CRUD dispatcher answers that
            return Optional.empty();
        }
        CrdAdmission.Outcome outcome = admission.get().admit(resource.get(), body);
        if (outcome instanceof CrdAdmission.Refused refused) {
            return Optional.of(new MockResponse().setResponseCode(422).setHeader(CONTENT_TYPE, JSON)
                    .setBody(Serialization.asJson(refused.status())));
        }
        return Optional.empty();
    }

    private boolean exists(String collectionPath, ObjectNode body) {
        String name = body.path("metadata").path("name").asText("");
        return !name.isEmpty() && super.handleGet(collectionPath + "/" + name).code() == 200;
    }

    private static void defaultNamespace(ObjectNode namespace) {
        String name = namespace.path("metadata").path("name").asText("");
        JsonNode metadata = namespace.path("metadata");
        if (!name.isEmpty() && metadata.isObject()) {
            ObjectNode labels = metadata.path("labels").isObject() ? (ObjectNode) metadata.get("labels")
                    : ((ObjectNode) metadata).putObject("labels");
            labels.put("kubernetes.io/metadata.name", name);
        }
        ObjectNode status = namespace.path("status").isObject() ? (ObjectNode) namespace.get("status")
                : namespace.putObject("status");
        if (!status.has("phase")) {
            status.put("phase", "Active");
        }
    }

    private static ObjectNode objectBody(String text) throws KubernetesCrudDispatcherException {
        JsonNode body = parse(text);
        return body instanceof ObjectNode ? (ObjectNode) body : null;
    }

    private static JsonNode parse(String json) throws KubernetesCrudDispatcherException {
        try {
            return Serialization.jsonMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new KubernetesCrudDispatcherException(e.getOriginalMessage(), 422);
        }
    }

    private static String mediaType(RecordedRequest request) {
        String contentType = request.getHeader(CONTENT_TYPE);
        if (contentType == null) {
            return JSON;
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    private static RecordedRequest withBody(RecordedRequest request, JsonNode body, String contentType) {
        return withBody(request, Serialization.asJson(body), contentType);
    }

    private static RecordedRequest withBody(RecordedRequest request, String body, String contentType) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(),
                request.getHeaders().newBuilder().set(CONTENT_TYPE, contentType).build(), utf8(body));
    }

    private static Buffer utf8(String body) {
        return new Buffer(body.getBytes(StandardCharsets.UTF_8));
    }

    private static MockResponse failure(KubernetesCrudDispatcherException e) {
        return new MockResponse().setResponseCode(e.getCode()).setBody(e.toStatusBody());
    }
}

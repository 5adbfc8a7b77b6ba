package io.l7mp.mcw.testkit.tracing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads traces back from a Zipkin server's API ({@code GET /api/v2/trace/{traceId}}). */
public final class ZipkinTraces {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One span as Zipkin stores it: ids, kind, its service and its tags. */
    public record ZipkinSpan(String traceId, String id, String parentId, String name, String kind, String service,
            Map<String, String> tags) {
        public Optional<String> tag(String key) {
            return Optional.ofNullable(tags.get(key));
        }
    }

    private final URI base;

    /** @param base the server, e.g. {@code http://127.0.0.1:9411/} */
    public ZipkinTraces(URI base) {
        this.base = base;
    }

    /** The spans of the trace; empty while Zipkin does not have it (it answers 404). */
    public List<ZipkinSpan> trace(String traceId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/v2/trace/" + traceId))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return List.of();
        }
        if (response.statusCode() != 200) {
            throw new IOException("Zipkin answered " + response.statusCode() + ": " + response.body());
        }
        List<ZipkinSpan> spans = new ArrayList<>();
        for (JsonNode span : JSON.readTree(response.body())) {
            Map<String, String> tags = new LinkedHashMap<>();
            span.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
            spans.add(new ZipkinSpan(span.path("traceId").asText(), span.path("id").asText(),
                    span.hasNonNull("parentId") ? span.path("parentId").asText() : null, span.path("name").asText(),
                    span.path("kind").asText(null), span.path("localEndpoint").path("serviceName").asText(null),
                    tags));
        }
        return spans;
    }
}

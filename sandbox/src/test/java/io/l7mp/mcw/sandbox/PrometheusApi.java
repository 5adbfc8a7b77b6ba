package io.l7mp.mcw.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The parts of Prometheus' HTTP API ({@code /api/v1/...}) the end-to-end tests read. */
final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One sample of an instant vector, its labels with the metric name under {@code __name__}. */
    record Sample(Map<String, String> labels, double value) {
        /** Anything but NaN: a panel that plots only NaN shows nothing. */
        boolean isNumber() {
            return !Double.isNaN(value);
        }
    }

    /** An alert of {@code /api/v1/alerts}: its name, {@code pending} or {@code firing}, and its labels. */
    record Alert(String name, String state, Map<String, String> labels) {
    }

    PrometheusApi(URI base) {
        this.base = base;
    }

    /**
     * Evaluates {@code promql} now ({@code /api/v1/query}); a scalar is one sample without labels.
     *
     * @throws AssertionError when Prometheus refuses the query, with its error and the query
     */
    List<Sample> query(String promql) {
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8), promql);
        List<Sample> samples = new ArrayList<>();
        if ("scalar".equals(data.path("resultType").asText())) {
            samples.add(new Sample(Map.of(), number(data.path("result").get(1).asText())));
            return samples;
        }
        for (JsonNode result : data.path("result")) {
            samples.add(new Sample(labels(result.path("metric")), number(result.path("value").get(1).asText())));
        }
        return samples;
    }

    /** Every pending and firing alert. */
    List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode alert : get("/api/v1/alerts", "alerts").path("alerts")) {
            Map<String, String> labels = labels(alert.path("labels"));
            alerts.add(new Alert(labels.get("alertname"), alert.path("state").asText(), labels));
        }
        return alerts;
    }

    /** The {@code data} of another endpoint ({@code /api/v1/targets}, {@code /api/v1/rules}). */
    JsonNode data(String path) {
        return get(path, path);
    }

    private JsonNode get(String pathAndQuery, String what) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(20))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + what + ": HTTP " + response.statusCode() + " "
                        + body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: GET " + request.uri(), e);
        }
    }

    private static Map<String, String> labels(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Prometheus writes sample values as strings, infinities as {@code +Inf} and {@code -Inf}. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}

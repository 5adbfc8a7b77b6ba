package io.l7mp.mcw.imports.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.l7mp.mcw.api.event.ExportEvent;
import io.l7mp.mcw.api.event.ExportPort;
import io.l7mp.mcw.api.event.ExportedPolicy;
import io.l7mp.mcw.api.event.Sla;
import io.l7mp.mcw.testkit.ApiServer;
import io.l7mp.mcw.testkit.ApiServerResource;
import io.l7mp.mcw.testkit.InjectApiServer;
import io.l7mp.mcw.testkit.KafkaResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * The JSON log option (docs/configuration.md): with it on, every line is a JSON object, and a line logged while an
 * event is published carries that publish span's trace and span ids.
 */
@QuarkusTest
@TestProfile(JsonLogsTest.JsonLogs.class)
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = ApiServerResource.class, initArgs = @ResourceArg(name = ApiServerResource.CLUSTER_ARG, value = "cluster-2"))
class JsonLogsTest {
    private static final Path LOG = Path.of("target", "json-logs", "import-service.log");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** cluster-2 with its log written as JSON to a file, the publishing of events logged. */
    public static class JsonLogs implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("mcw.cluster.name", "cluster-2");
            config.put("mcw.import.egress-address", "10.0.2.1");
            config.put("quarkus.log.file.enabled", "true");
            config.put("quarkus.log.file.path", LOG.toString());
            config.put("quarkus.log.file.json.enabled", "true");
            config.put("quarkus.log.file.level", "DEBUG");
            config.put("quarkus.log.category.\"io.l7mp.mcw.eventbus.EventSender\".level", "DEBUG");
            return config;
        }
    }

    @InjectApiServer
    ApiServer server;

    @Test
    void everyLineIsJsonAndAPublishCarriesItsTraceAndSpanIds() throws IOException {
        // Given
        try (KubernetesClient client = server.client(); BusClient bus = new BusClient()) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName("json").endMetadata().build()).create();

            // When: an export arrives, so the import-service publishes an import event
            bus.export(new ExportEvent("cluster-1", "json", "api", "ClusterSetIP", "None",
                    List.of(new ExportPort("http", "TCP", null, 8080)),
                    new ExportedPolicy("sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0), null),
                    "10.0.1.1", 1, Instant.parse("2026-01-01T10:00:00Z")));

            // Then: the line of that publish has the ids of the span that published it
            SpanData publish = await().atMost(Duration.ofSeconds(30)).until(() -> TestSpans.EXPORTER
                    .getFinishedSpanItems().stream().filter(s -> s.getName().equals("publish mcw.imports.v1")
                            && "cluster-2/json/api".equals(
                                    s.getAttributes().get(AttributeKey.stringKey("messaging.kafka.message.key"))))
                    .findFirst().orElse(null), s -> s != null);
            JsonNode line = await().atMost(Duration.ofSeconds(30)).until(() -> lines().stream()
                    .filter(l -> l.path("message").asText().startsWith("publishing io.l7mp.mcw.import.v1 key="
                            + "cluster-2/json/api"))
                    .filter(l -> l.path("mdc").path("traceId").asText().equals(publish.getTraceId()))
                    .findFirst().orElse(null), l -> l != null);
            assertThat(line.path("mdc").path("spanId").asText()).isEqualTo(publish.getSpanId());
            assertThat(line.path("level").asText()).isEqualTo("DEBUG");
            assertThat(line.path("loggerName").asText()).isEqualTo("io.l7mp.mcw.eventbus.EventSender");
        }
    }

    /** Every line of the log as JSON: a line that is not JSON fails the test. */
    private static List<JsonNode> lines() throws IOException {
        if (!Files.exists(LOG)) {
            return List.of();
        }
        return Files.readAllLines(LOG).stream().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + l, e);
            }
        }).toList();
    }
}

package io.l7mp.mcw.api.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventCodecTest {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void exportEventRoundTripsThroughJson() {
        // Given
        ExportEvent event = new ExportEvent("cluster-1", "secure", "payment", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)),
                new ExportedPolicy("sd-wan-priority-high", "business", 31111, new Sla(100.0, 50.0, 1.0), 46),
                "10.0.0.1", 3, NOW);

        // When
        byte[] json = EventJson.write(event);

        // Then
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"exportCreated\":\"2026-11-27T10:00:00Z\"");
        assertThat(EventJson.read(json, ExportEvent.class)).isEqualTo(event);
    }

    @Test
    void exportEventCarriesTheServiceFieldsInKubernetesShape() {
        // Given
        ExportEvent event = new ExportEvent("cluster-1", "secure", "dns", "ClusterSetIP", "ClientIP",
                List.of(new ExportPort("dns-tcp", "TCP", null, 53)),
                new ExportedPolicy("sd-wan-priority-high", "business", 31111, Sla.BEST_EFFORT, null), "10.0.0.1", 1,
                NOW, SessionAffinityConfig.clientIP(10800), "Local", "PreferClose",
                List.of(new ExportPort("dns", "UDP", null, 53)));

        // When
        String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

        // Then
        assertThat(json).contains("\"sessionAffinityConfig\":{\"clientIP\":{\"timeoutSeconds\":10800}}",
                "\"internalTrafficPolicy\":\"Local\"", "\"trafficDistribution\":\"PreferClose\"",
                "\"refusedPorts\":[{\"name\":\"dns\",\"protocol\":\"UDP\",\"port\":53}]");
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8), ExportEvent.class)).isEqualTo(event);
    }

    @Test
    void exportEventOfAnOlderProducerReadsWithTheNewFieldsUnset() {
        // Given: the example of docs/events.md before the Service fields were added
        String json = "{\"cluster\":\"cluster-1\",\"namespace\":\"secure\",\"name\":\"payment\","
                + "\"type\":\"ClusterSetIP\",\"sessionAffinity\":\"None\",\"ports\":[{\"name\":\"http\","
                + "\"protocol\":\"TCP\",\"port\":8080}],\"policy\":{\"name\":\"sd-wan-priority-high\","
                + "\"tunnel\":\"business\",\"port\":31111},\"ingressAddress\":\"10.0.0.1\",\"readyEndpoints\":2,"
                + "\"exportCreated\":\"2026-11-27T10:00:00Z\"}";

        // When
        ExportEvent event = EventJson.read(json.getBytes(StandardCharsets.UTF_8), ExportEvent.class);

        // Then
        assertThat(event.sessionAffinityConfig()).isNull();
        assertThat(event.internalTrafficPolicy()).isNull();
        assertThat(event.trafficDistribution()).isNull();
        assertThat(event.refusedPorts()).isEmpty();
        assertThat(event.exportedLabels()).isEmpty();
        assertThat(event.exportedAnnotations()).isEmpty();
        assertThat(new String(EventJson.write(event), StandardCharsets.UTF_8)).doesNotContain("refusedPorts",
                "exportedLabels", "exportedAnnotations");
    }

    @Test
    void exportEventCarriesTheExportedLabelsAndAnnotationsSorted() {
        // Given
        ExportEvent event = new ExportEvent("cluster-1", "secure", "payment", "ClusterSetIP", "None",
                List.of(new ExportPort("http", "TCP", null, 8080)),
                new ExportedPolicy("sd-wan-priority-high", "business", 31111, Sla.BEST_EFFORT, null), "10.0.0.1", 1,
                NOW).withExported(Map.of("tier", "gold", "app", "payment"),
                        Map.of("example.com/owner", "team-a"));

        // When
        String json = new String(EventJson.write(event), StandardCharsets.UTF_8);

        // Then
        assertThat(json).contains("\"exportedLabels\":{\"app\":\"payment\",\"tier\":\"gold\"}",
                "\"exportedAnnotations\":{\"example.com/owner\":\"team-a\"}");
        assertThat(EventJson.read(json.getBytes(StandardCharsets.UTF_8), ExportEvent.class)).isEqualTo(event);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"clientIP\":{\"timeoutSeconds\":0}}|SessionAffinityConfig.clientIP.timeoutSeconds is 0, expected 1-86400" })
    void sessionAffinityConfigOutOfRangeIsRefused(String json, String expected) {
        assertThatThrownBy(() -> EventJson.read(json.getBytes(StandardCharsets.UTF_8), SessionAffinityConfig.class))
                .isInstanceOf(EventFormatException.class).hasMessageContaining(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|not JSON of ExportEvent",
            "{\"cluster\":\"c1\",\"namespace\":\"ns\"}|ExportEvent.name is missing",
            "{\"cluster\":\"c1\",\"name\":\"p\",\"tunnel\":\"t\",\"port\":70000}|PolicyEvent.port is 70000, expected 1-65535",
            "{\"cluster\":\"c1\",\"name\":\"p\",\"tunnel\":\"t\",\"port\":\"x\"}|at 'io.l7mp.mcw.api.event.PolicyEvent[\"port\"]'" })
    void unparsableDataIsRefusedWithAMessageNamingTheField(String json, String expected) {
        Class<?> type = json.contains("tunnel") ? PolicyEvent.class : ExportEvent.class;
        assertThatThrownBy(() -> EventJson.read(json.getBytes(StandardCharsets.UTF_8), type))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void cloudEventHeadersRoundTrip() {
        // Given
        CloudEventAttributes attributes = CloudEventAttributes.create(EventTypes.EXPORT, "cluster-1", "export-service",
                "cluster-1/secure/payment", NOW);

        // When
        Map<String, byte[]> headers = attributes.toHeaders();

        // Then
        assertThat(headers).containsKeys("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type");
        assertThat(new String(headers.get("ce_source"), StandardCharsets.UTF_8))
                .isEqualTo("/clusters/cluster-1/export-service");
        assertThat(CloudEventAttributes.fromHeaders(headers)).isEqualTo(attributes);
    }

    @Test
    void theTraceContextTravelsAsTheDistributedTracingExtension() {
        // Given
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        CloudEventAttributes attributes = CloudEventAttributes.create(EventTypes.EXPORT, "cluster-1", "export-service",
                "cluster-1/secure/payment", NOW).withTrace(traceparent, "mcw=1");

        // When
        Map<String, byte[]> headers = attributes.toHeaders();

        // Then
        assertThat(new String(headers.get("ce_traceparent"), StandardCharsets.UTF_8)).isEqualTo(traceparent);
        assertThat(new String(headers.get("ce_tracestate"), StandardCharsets.UTF_8)).isEqualTo("mcw=1");
        assertThat(CloudEventAttributes.fromHeaders(headers)).isEqualTo(attributes);
        assertThat(CloudEventAttributes.create(EventTypes.EXPORT, "c", "s", "k", NOW).toHeaders())
                .doesNotContainKeys("ce_traceparent", "ce_tracestate");
    }

    @Test
    void recordWithoutCloudEventHeadersIsRefused() {
        assertThatThrownBy(() -> CloudEventAttributes.fromHeaders(Map.of()))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("ce_specversion is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = { "cluster-1/secure|3", "a//b|3", "a/b/c/d|3" })
    void malformedKeysAreRefused(String key, int parts) {
        assertThatThrownBy(() -> EventKeys.split(key, parts)).isInstanceOf(EventFormatException.class)
                .hasMessageContaining(key);
    }
}

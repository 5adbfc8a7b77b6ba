package io.l7mp.mcw.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.l7mp.mcw.api.event.EventJson;
import io.l7mp.mcw.api.event.ExportEvent;

class FleetTest {

    @Test
    void everySimulatedClusterExportsTheSameServicesSpreadOverTheNamespaces() {
        // Given / When
        Fleet fleet = new Fleet(3, 5, 2);

        // Then: clusters after the real cluster-1; one key per service, round robin over the namespaces
        assertThat(fleet.clusters()).containsExactly("cluster-2", "cluster-3", "cluster-4");
        assertThat(fleet.namespaces()).containsExactly("fleet-00", "fleet-01");
        assertThat(fleet.serviceKeys()).containsExactly("fleet-00/svc-0000", "fleet-01/svc-0001",
                "fleet-00/svc-0002", "fleet-01/svc-0003", "fleet-00/svc-0004");
    }

    @Test
    void exportsOnLoopbackWithTheLowestNumberedClusterTheOldest() {
        // Given
        Fleet fleet = new Fleet(List.of("cluster-2", "cluster-3"), List.of("fleet-00"), Set.of("fleet-00/svc-0000"),
                Instant.parse("2026-12-07T10:00:00Z"));

        // When
        ExportEvent second = fleet.export("cluster-3", "fleet-00/svc-0000");

        // Then: what an export-service would publish, and it reads back as the same event
        assertThat(second.key()).isEqualTo("cluster-3/fleet-00/svc-0000");
        assertThat(second.ingressAddress()).isEqualTo("127.0.0.3");
        assertThat(second.exportCreated()).isEqualTo(Instant.parse("2026-12-07T10:00:01Z"));
        assertThat(second.policy().name()).isEqualTo(FleetPublisher.POLICY);
        assertThat(second.policy().port()).isEqualTo(31111);
        assertThat(EventJson.read(EventJson.write(second), ExportEvent.class)).isEqualTo(second);
    }

    @Test
    void refusesMoreClustersThanLoopbackAddressesOrMoreNamespacesThanServices() {
        assertThatThrownBy(() -> new Fleet(254, 10, 1)).hasMessageContaining("--clusters is 254, expected 1 to 253");
        assertThatThrownBy(() -> new Fleet(1, 2, 3)).hasMessageContaining("--namespaces is 3");
    }

    @Test
    void sumsTheHeapPoolsOfAPrometheusExposition() {
        // Given
        List<String> exposition = List.of("# TYPE jvm_memory_used_bytes gauge",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Tenured Gen\"} 1.0E7",
                "jvm_memory_used_bytes{area=\"heap\",id=\"Eden Space\"} 2000000.0",
                "jvm_memory_used_bytes{area=\"nonheap\",id=\"Metaspace\"} 9.9E7");

        // When / Then
        assertThat(ProcessFootprint.heapUsed(exposition)).isEqualTo(12_000_000L);
        assertThat(ProcessFootprint.heapUsed(List.of("# nothing"))).isEqualTo(-1);
    }
}
